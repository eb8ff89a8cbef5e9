import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { applyPatch } from '../../../src/domain/patch/apply-patch.js'
import { parsePatch } from '../../../src/domain/patch/parse-patch.js'
import { completeReferral, readReferralBody } from '../../../src/domain/referral/referral-input.js'
import type { Referral } from '../../../src/domain/referral/schema.js'
import { privateCreate } from '../../support/fixtures.js'

const referral = (): Referral =>
  completeReferral({ ...readReferralBody(privateCreate()).given, id: 'r1', eTag: 'e' }).referral

const patch = (ops: unknown) => {
  const parsed = parsePatch(ops)
  assert.deepEqual(parsed.problems, [])
  return applyPatch(referral(), parsed.operations)
}

// The 18 paths of the Power Platform connector (the documented PATCH) must all be writable.
const connectorPaths = [
  '/campaignId',
  '/consent/consentToShareReferralWithMicrosoftSellers',
  '/customerProfile/team',
  '/customerProfile/team/-',
  '/details/closingDateTime',
  '/details/currency',
  '/details/dealValue',
  '/details/notes',
  '/details/requirements/solutions',
  '/details/requirements/solutions/-',
  '/externalReferenceId',
  '/referralProgram',
  '/salesStage',
  '/status',
  '/substatus',
  '/statusReason',
  '/team',
  '/team/-',
]

describe('JSON Patch paths', () => {
  test('every connector path is writable: none is refused as read-only or unknown', () => {
    for (const path of connectorPaths) {
      const op = path.endsWith('/-') ? 'add' : 'replace'
      const { problems } = patch([{ op, path, value: null }])
      assert.deepEqual(
        problems.filter((p) => p.target === path || p.rule === 'readOnly'),
        [],
        path,
      )
    }
  })

  test('server-owned and read-only paths are refused with a reason', () => {
    const cases: [string, RegExp][] = [
      ['/id', /set by the service/],
      ['/eTag', /set by the service/],
      ['/direction', /set by the service/],
      ['/customerProfile/name', /read-only after the referral is created/],
      ['/consent/consentToContact', /read-only after the referral is created/],
    ]
    for (const [path, reason] of cases) {
      const { problems } = patch([{ op: 'replace', path, value: 'x' }])
      assert.equal(problems[0]?.rule, 'readOnly', path)
      assert.match(problems[0].message, reason)
    }
  })

  test('an unknown property is refused naming the segment', () => {
    const { problems } = patch([{ op: 'replace', path: '/details/nope', value: 1 }])
    assert.match(problems[0]!.message, /'nope' is not a property/)
  })
})

describe('applying operations', () => {
  test('replace coerces a numeric string and binds path segments case-insensitively', () => {
    const { doc, problems } = patch([{ op: 'replace', path: '/Details/DealValue', value: '10000' }])
    assert.deepEqual(problems, [])
    assert.equal((doc.details as Referral['details']).dealValue, 10000)
  })

  test('add /team/- appends; add /team/0 inserts; replace /team/1/email replaces', () => {
    const { doc } = patch([
      { op: 'add', path: '/team/-', value: { email: 'jane@contoso.com' } },
      { op: 'add', path: '/team/0', value: { email: 'first@contoso.com' } },
      { op: 'replace', path: '/team/1/email', value: 'john@contoso.com' },
    ])
    assert.deepEqual(
      (doc.team as { email: string }[]).map((m) => m.email),
      ['first@contoso.com', 'john@contoso.com', 'jane@contoso.com'],
    )
  })

  test('an index past the end is refused', () => {
    const { problems } = patch([{ op: 'replace', path: '/team/5', value: {} }])
    assert.match(problems[0]!.message, /out of range/)
  })

  test('the original referral is never modified', () => {
    const original = referral()
    const before = JSON.stringify(original)
    applyPatch(original, parsePatch([{ op: 'replace', path: '/name', value: 'changed' }]).operations)
    assert.equal(JSON.stringify(original), before)
  })
})

describe('parsing a patch document', () => {
  test('only replace and add are supported; every bad operation is reported', () => {
    const { problems, operations } = parsePatch([
      { op: 'remove', path: '/name' },
      { op: 'replace', path: 'name', value: 1 },
      { op: 'replace', path: '/name' },
      { Op: 'Replace', Path: '/name', Value: 'ok' },
    ])
    assert.deepEqual(
      problems.map((p) => p.target),
      ['[0].op', '[1].path', '[2].value'],
    )
    assert.equal(operations.length, 1)
  })

  test('a body that is not a non-empty array is refused', () => {
    for (const body of [{}, [], 'x', null]) assert.equal(parsePatch(body).problems.length, 1)
  })
})
