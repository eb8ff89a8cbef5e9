// The three-way merge of one pair, as data: which way each field goes by what changed since the
// sides last agreed, by its direction, and by its conflict policy.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Referral } from '../../src/client/index.js'
import type { CrmRecord } from '../../src/sync/connectors/connector.js'
import type { FieldMapping, Mapping } from '../../src/sync/mapping/mapping-schema.js'
import { planPair, type PairInput } from '../../src/sync/reconcile.js'

const referral = (notes: string, updated = '2026-03-01T10:00:00Z') =>
  ({ id: 'r1', eTag: '"e1"', updatedDateTime: updated, details: { notes } }) as unknown as Referral
const record = (notes: string, modified = '2026-03-01T09:00:00Z'): CrmRecord => ({
  id: 'c1',
  version: '3',
  modifiedAt: modified,
  fields: { notes },
})
const mapping = (field: Partial<FieldMapping>): Mapping => ({
  crmReferralId: 'rid',
  fields: [{ crm: 'notes', referral: 'details.notes', ...field }],
})
const input = (over: Partial<PairInput>): PairInput => ({
  mapping: mapping({}),
  referral: referral('same'),
  crm: record('same'),
  base: { notes: 'same' },
  held: [],
  crmWritable: true,
  now: '2026-03-01T11:00:00Z',
  ...over,
})

const outcome = (over: Partial<PairInput>) => {
  const plan = planPair(input(over))
  if (plan.held.length > 0) return `held ${plan.held[0]!.kind}`
  if ('notes' in plan.toCrm) return `to CRM ${String(plan.toCrm.notes)}`
  if (plan.toReferral.length > 0) return `to referral ${String(plan.toReferral[0]!.values[0])}`
  return 'in step'
}

describe('planning a pair', () => {
  test('one side changed: it goes to the other', () => {
    assert.equal(outcome({ referral: referral('new') }), 'to CRM new')
    assert.equal(outcome({ crm: record('new') }), 'to referral new')
    assert.equal(outcome({}), 'in step')
    assert.equal(outcome({ referral: referral('x'), crm: record('x') }), 'in step')
  })

  test('both changed: each policy', () => {
    const both = { referral: referral('R', '2026-03-01T10:00:00Z'), crm: record('C', '2026-03-01T09:00:00Z') }
    assert.equal(outcome({ ...both, mapping: mapping({ conflict: 'referral' }) }), 'to CRM R')
    assert.equal(outcome({ ...both, mapping: mapping({ conflict: 'crm' }) }), 'to referral C')
    assert.equal(outcome({ ...both, mapping: mapping({ conflict: 'newest' }) }), 'to CRM R')
    assert.equal(outcome({ ...both, crm: record('C', '2026-03-01T12:00:00Z') }), 'to referral C')
    assert.equal(outcome({ ...both, mapping: mapping({ conflict: 'hold' }) }), 'held conflict')
  })

  test('a pair found rather than made has no agreed values: its policy decides every difference', () => {
    assert.equal(
      outcome({
        base: undefined,
        referral: referral('R'),
        crm: record('C'),
        mapping: mapping({ conflict: 'crm' }),
      }),
      'to referral C',
    )
  })

  test('a one-way field carries changes its way only; a change on the other side is left where it was made', () => {
    assert.equal(outcome({ crm: record('C'), mapping: mapping({ direction: 'toCrm' }) }), 'in step')
    assert.equal(
      outcome({ referral: referral('R'), crm: record('C'), mapping: mapping({ direction: 'toCrm' }) }),
      'to CRM R',
    )
    assert.equal(
      outcome({ referral: referral('R'), mapping: mapping({ direction: 'toReferral' }) }),
      'in step',
    )
    assert.equal(outcome({ referral: referral('R'), crm: record('C'), crmWritable: false }), 'to referral C')
    assert.equal(outcome({ referral: referral('R'), crmWritable: false }), 'in step')
    assert.deepEqual(planPair(input({ referral: referral('R'), crmWritable: false })).base, { notes: 'same' })
  })

  test('a refusal held at this eTag is not planned again; a new eTag tries again', () => {
    const refused = {
      pairKey: 'r1',
      field: 'notes',
      toSide: 'referral' as const,
      value: 'C',
      kind: 'refused' as const,
      reason: 'closed',
      referralETag: '"e1"',
      crmVersion: null,
      since: '2026-03-01T10:30:00Z',
      attempts: 1,
    }
    assert.equal(outcome({ crm: record('C'), held: [refused] }), 'held refused')
    assert.equal(outcome({ crm: record('C'), held: [{ ...refused, referralETag: '"e0"' }] }), 'to referral C')
  })

  test('a value the mapping cannot translate is held as invalid', () => {
    const stage = mapping({
      crm: 'notes',
      referral: ['status', 'substatus'],
      values: [{ crm: 'Open', referral: ['Active', 'Accepted'] }],
    })
    assert.equal(
      outcome({
        mapping: stage,
        crm: record('Someday'),
        base: { notes: 'Open' },
        referral: { ...referral('x'), status: 'Active', substatus: 'Accepted' },
      }),
      'held invalid',
    )
  })
})
