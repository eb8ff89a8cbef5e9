// The limits of a referral (issue 9 items 3 and 6; README "Limits"): every string has a maximum
// length, every list a maximum number of items, the stored document a maximum size. Each is a 400
// `invalidRequest` naming the field, the rule and the limit, every problem at once, on create,
// PATCH and PUT alike, and a refused change leaves the referral as it was. The largest plausible
// referral is accepted.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { maxItems, maxLength, maxReferralBytes } from '../../src/domain/referral/limits.js'
import { copies, edited } from '../support/body-edit.js'
import { assertInvalidRequest, type ProblemDetail } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { fullReferral } from '../support/full-referral.js'
import {
  assertUnchanged,
  createReferral,
  listReferrals,
  patchReferral,
  postReferral,
  putReferral,
  readReferral,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(async () => {
  await t.close()
})

const text = (length: number) => 'x'.repeat(length)
const badMember = (i: number) => ({ firstName: `n${i}`, email: 'not an email' })

/** The create is refused with these problems, exactly one for each target, and stores nothing. */
async function assertCreateRefused(body: unknown, rules: Record<string, string>): Promise<ProblemDetail[]> {
  const count = (await listReferrals(t.app))['@odata.count']
  const problems = assertInvalidRequest(
    await postReferral(t.app, body),
    Object.keys(rules).map((target) => ({ target })),
  )
  for (const [target, rule] of Object.entries(rules)) {
    assert.deepEqual(
      problems.filter((p) => p.target === target).map((p) => p.code),
      [rule],
      `${target}: ${JSON.stringify(problems)}`,
    )
  }
  assert.equal((await listReferrals(t.app))['@odata.count'], count, 'a refused create stored a referral')
  return problems
}

describe('string lengths', () => {
  const email = (length: number) => `${'a'.repeat(length - '@contoso.com'.length)}@contoso.com`
  const cases: { path: string; limit: number; value?: (length: number) => string }[] = [
    { path: 'name', limit: maxLength.name },
    { path: 'externalReferenceId', limit: maxLength.id },
    { path: 'customerProfile.address.addressLine1', limit: maxLength.name },
    { path: 'customerProfile.address.postalCode', limit: maxLength.code },
    { path: 'customerProfile.team.0.email', limit: maxLength.email, value: email },
    { path: 'team.0.phoneNumber', limit: maxLength.code },
    { path: 'details.notes', limit: maxLength.notes },
    { path: 'inviteContext.notes', limit: maxLength.notes },
    { path: 'details.requirements.solutions.0.id', limit: maxLength.id },
  ]
  for (const c of cases) {
    const target = c.path.replace(/\.(\d+)\./g, '[$1].')
    test(`${target} of ${c.limit + 1} characters answers 400 maxLength naming the limit; ${c.limit} is accepted`, async () => {
      const value = c.value ?? text
      const [problem] = await assertCreateRefused(
        edited(partnerLedCreate(), { [c.path]: value(c.limit + 1) }),
        {
          [target]: 'maxLength',
        },
      )
      assert.match(problem!.message, new RegExp(`at most ${c.limit.toLocaleString('en-US')} characters`))
      const accepted = await postReferral(t.app, edited(partnerLedCreate(), { [c.path]: value(c.limit) }))
      assert.equal(accepted.statusCode, 200, accepted.body)
    })
  }

  test('lengths count characters, not UTF-16 units: 256 emoji make a valid name', async () => {
    const res = await postReferral(t.app, edited(partnerLedCreate(), { name: '🤝'.repeat(maxLength.name) }))
    assert.equal(res.statusCode, 200, res.body)
  })

  test('50 team members with every string too long: each of the 250 is reported, and nothing else', async () => {
    const long = text(maxLength.email + 1)
    const member = { firstName: long, lastName: long, phoneNumber: long, email: long, title: long }
    const problems = assertInvalidRequest(
      await postReferral(t.app, edited(partnerLedCreate(), { team: copies(maxItems.portal, () => member) })),
      [{ target: 'team[49].title' }, { target: 'team[0].firstName' }],
    )
    assert.equal(problems.length, 5 * maxItems.portal)
    assert.ok(problems.every((p) => p.code === 'maxLength'))
  })

  test('a country of a megabyte is reported as too long once, and no message quotes more than 1,024 characters', async () => {
    const problems = await assertCreateRefused(
      edited(partnerLedCreate(), { 'customerProfile.address.country': text(1_000_000) }),
      { 'customerProfile.address.country': 'maxLength' },
    )
    for (const p of problems)
      assert.ok(p.message.length <= 1024, `${p.target}: ${p.message.length} characters`)
  })
})

describe('list sizes', () => {
  test('a team of 2,000 members with bad emails answers one maxItems problem, not one per member', async () => {
    const problems = await assertCreateRefused(
      edited(partnerLedCreate(), { team: copies(2_000, badMember) }),
      { team: 'maxItems' },
    )
    assert.equal(problems.length, 1, JSON.stringify(problems.slice(0, 3)))
    assert.match(problems[0]!.message, /team may hold at most 50 items; it holds 2,000/)
  })

  const cases: { path: string; limit: number; item: (i: number) => unknown }[] = [
    { path: 'customerProfile.team', limit: maxItems.portal, item: badMember },
    { path: 'details.requirements.solutions', limit: maxItems.portal, item: (i) => ({ id: `SOL-${i}` }) },
    { path: 'details.requirements.products', limit: maxItems.list, item: () => ({ id: 'Azure' }) },
    { path: 'details.requirements.salesPlays', limit: maxItems.list, item: (i) => ({ id: i }) },
    { path: 'target', limit: maxItems.list, item: (i) => ({ type: 'None', id: `${i}` }) },
  ]
  for (const c of cases) {
    const target = c.path
    test(`${target} of ${c.limit + 1} items answers 400 maxItems once`, async () => {
      const problems = await assertCreateRefused(
        edited(partnerLedCreate(), { [c.path]: copies(c.limit + 1, c.item) }),
        { [target]: 'maxItems' },
      )
      assert.equal(problems.length, 1, JSON.stringify(problems))
    })
  }

  test('every problem at once: a long name, long notes and a team too large in one answer', async () => {
    const problems = await assertCreateRefused(
      edited(partnerLedCreate(), {
        name: text(maxLength.name + 1),
        'details.notes': text(maxLength.notes + 1),
        team: copies(maxItems.portal + 1, badMember),
      }),
      { name: 'maxLength', 'details.notes': 'maxLength', team: 'maxItems' },
    )
    assert.equal(problems.length, 3, JSON.stringify(problems))
  })
})

describe('the stored document', () => {
  /** salesPlays items are kept as sent (observed `[]`, undocumented), so they can fill a referral. */
  const plays = (count: number, size: number) => copies(count, (i) => ({ id: `${i}`, text: text(size) }))

  test(`a referral over ${maxReferralBytes / 1024} KiB as JSON answers 400 maxSize naming the limit`, async () => {
    const [problem] = await assertCreateRefused(
      edited(partnerLedCreate(), { 'details.requirements.salesPlays': plays(maxItems.list, 6_000) }),
      { body: 'maxSize' },
    )
    assert.match(problem!.message, /at most 262,144 bytes \(256 KiB\)/)
  })

  test('a PATCH that makes the referral too large answers 400 maxSize and leaves it unchanged', async () => {
    const { id } = await createReferral(
      t.app,
      edited(partnerLedCreate(), { 'details.requirements.salesPlays': plays(maxItems.list, 4_500) }),
    )
    const { referral } = await readReferral(t.app, id)
    const res = await patchReferral(t.app, id, [
      replace('/details/requirements/salesPlays/0', { id: 'big', text: text(40_000) }),
    ])
    assertInvalidRequest(res, [{ target: 'body' }])
    await assertUnchanged(t.app, referral)
  })

  test('a PATCH over a length or a list limit answers 400 naming each and leaves the referral unchanged', async () => {
    const { id } = await createReferral(t.app)
    const { referral } = await readReferral(t.app, id)
    const member = { firstName: 'A', lastName: 'B', email: 'a@b.example' }
    const res = await patchReferral(t.app, id, [
      replace('/name', text(maxLength.name + 1)),
      replace(
        '/customerProfile/team',
        copies(maxItems.portal + 1, () => member),
      ),
    ])
    const problems = assertInvalidRequest(res, [{ target: 'name' }, { target: 'customerProfile.team' }])
    assert.deepEqual(problems.map((p) => p.code).sort(), ['maxItems', 'maxLength'])
    await assertUnchanged(t.app, referral)
  })

  test('a PATCH adding the 51st team member answers 400 maxItems and leaves the referral unchanged', async () => {
    const member = { firstName: 'A', lastName: 'B', email: 'a@b.example' }
    const { id } = await createReferral(t.app, edited(partnerLedCreate(), { team: copies(50, () => member) }))
    const { referral } = await readReferral(t.app, id)
    const res = await patchReferral(t.app, id, [{ op: 'add', path: '/team/-', value: member }])
    assertInvalidRequest(res, [{ target: 'team', mentions: 'at most 50' }])
    await assertUnchanged(t.app, referral)
  })

  test('a PUT over a limit answers 400 naming it and leaves the referral unchanged', async () => {
    const { id } = await createReferral(t.app)
    const { referral, etag } = await readReferral(t.app, id)
    const res = await putReferral(
      t.app,
      id,
      { ...referral, details: { ...referral.details, notes: text(maxLength.notes + 1) } },
      { 'if-match': etag },
    )
    assertInvalidRequest(res, [{ target: 'details.notes' }])
    await assertUnchanged(t.app, referral)
  })
})

describe('the largest plausible referral', () => {
  test('every list at its limit, with realistic values, is created and PUT back as read', async () => {
    const created = await createReferral(t.app, fullReferral())
    assert.equal(created.team.length, maxItems.portal)
    assert.equal(created.details.requirements.solutions.length, maxItems.portal)
    const { referral, etag } = await readReferral(t.app, created.id)
    const res = await putReferral(t.app, created.id, referral, { 'if-match': etag })
    assert.equal(res.statusCode, 200, res.body.slice(0, 2_000))
  })
})
