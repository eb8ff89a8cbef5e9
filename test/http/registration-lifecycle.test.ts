// The review lifecycle of a deal registration (the documented registration model): Microsoft's
// review through the admin API and through a scripted policy as the clock moves, statusHistory
// stamped by the clock, registrationStatus mirroring the status, the 72-hour rule of
// docs/deal-registrations.md, and every referral answer still valid against the connector's schema.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { dueReview, type ReviewPolicy } from '../../src/domain/registration/review-policy.js'
import { assertFaithfulReferral, observedKeyOrder } from '../fidelity/wire-form.js'
import { assertErrorBody, assertInvalidRequest } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  createReferral,
  itemUrl,
  patchReferral,
  readReferral,
  replace,
  send,
} from '../support/referral-api.js'
import {
  admin,
  giveIncentive,
  registeredDeal,
  registrationBody,
  review,
} from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

const hourMs = 3_600_000
const dayMs = 24 * hourMs

let t: TestApp
before(async () => {
  t = await makeTestApp() // the clock starts on Sunday 1 March 2026, 10:00 UTC
})
after(async () => {
  await t.close()
})

/** GET as the partner, checked against the connector's schema and the observed wire form. */
async function partnerView(id: string, tid = tenantA): Promise<Referral> {
  return assertFaithfulReferral(await send(t.app, 'GET', itemUrl(id), { tid }), [
    '@odata.context',
    ...observedKeyOrder,
  ])
}

const now = () => t.clock.now()
const stamp = (d: Date) => `${d.toISOString().slice(0, 23)}0000Z`

describe('manual review through the admin API', () => {
  test('Approved → ActionRequired → (partner update) Approved → Passed, each step stamped by the clock', async () => {
    const deal = await registeredDeal(t.app)
    const approvedAt = stamp(now())
    assert.equal(deal.registrations[0]!.status, 'Approved')

    t.clock.advance(dayMs)
    const sentBack = await review(t.app, deal.id, {
      action: 'requireAction',
      statusReason: 'Attach the signed contract.',
    })
    assert.equal(sentBack.statusCode, 200, sentBack.body)
    let r = await partnerView(deal.id)
    assert.equal(r.registrationStatus, 'ActionRequired')
    assert.equal(r.registrations[0]!.statusReason, 'Attach the signed contract.')
    assert.equal(r.registrations[0]!.statusHistory.actionRequiredDateTime, stamp(now()))

    t.clock.advance(hourMs)
    const update = await patchReferral(t.app, deal.id, [
      replace('/registrations/0/contract/signDateTime', '2026-02-21'),
    ])
    assert.equal(update.statusCode, 204, update.body)
    r = await partnerView(deal.id)
    assert.equal(r.registrationStatus, 'Approved')
    assert.equal(r.registrations[0]!.statusReason, null)
    assert.equal(r.registrations[0]!.statusHistory.reviewPendingDateTime, stamp(now()))
    assert.equal(r.registrations[0]!.statusHistory.approvedDateTime, stamp(now()))
    assert.notEqual(r.registrations[0]!.statusHistory.approvedDateTime, approvedAt)

    t.clock.advance(2 * dayMs)
    const passed = await review(t.app, deal.id, { action: 'pass' })
    assert.equal(passed.statusCode, 200, passed.body)
    assertFaithfulReferral(passed)
    r = await partnerView(deal.id)
    assert.equal(r.registrationStatus, 'Passed')
    assert.equal(r.registrations[0]!.statusHistory.passedDateTime, stamp(now()))
    assert.equal(r.updatedDateTime, stamp(now()))
  })

  test('fail needs a reason, and records it with failedDateTime', async () => {
    const deal = await registeredDeal(t.app)
    assertInvalidRequest(await review(t.app, deal.id, { action: 'fail' }), [{ target: 'statusReason' }])
    const res = await review(t.app, deal.id, { action: 'fail', statusReason: 'No Azure consumption found.' })
    assert.equal(res.statusCode, 200, res.body)
    const r = await partnerView(deal.id)
    assert.equal(r.registrationStatus, 'Failed')
    assert.equal(r.registrations[0]!.statusReason, 'No Azure consumption found.')
    assert.equal(r.registrations[0]!.statusHistory.failedDateTime, stamp(now()))
  })

  test('a terminal registration refuses further reviews, listing nothing allowed', async () => {
    const deal = await registeredDeal(t.app)
    assert.equal((await review(t.app, deal.id, { action: 'close' })).statusCode, 200)
    const res = await review(t.app, deal.id, { action: 'pass' })
    const [problem] = assertInvalidRequest(res, [{ target: 'registrations[0].status', mentions: 'terminal' }])
    assert.equal(problem!.code, 'terminal')
  })

  test('an action the status does not allow lists the ones it does', async () => {
    const deal = await registeredDeal(t.app)
    await review(t.app, deal.id, { action: 'requireAction', statusReason: 'x' })
    assertInvalidRequest(await review(t.app, deal.id, { action: 'pass' }), [
      { target: 'registrations[0].status', allowed: ['update', 'fail', 'close'] },
    ])
  })

  test('Microsoft reviews any organisation’s registration by referral id', async () => {
    const deal = await registeredDeal(t.app, tenantB)
    const res = await review(t.app, deal.id, { action: 'pass' })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal((await partnerView(deal.id, tenantB)).registrationStatus, 'Passed')
  })

  test('an unknown referral answers 404, a referral without a registration 404, a bad action 400', async () => {
    assertErrorBody(
      await review(t.app, '00000000-0000-4000-8000-000000000000', { action: 'pass' }),
      404,
      'itemNotFound',
    )
    const { id } = await createReferral(t.app, partnerLedCreate())
    assertErrorBody(await review(t.app, id, { action: 'pass' }), 404, 'itemNotFound')
    assertInvalidRequest(await review(t.app, id, { action: 'celebrate' }), [{ target: 'action' }])
  })

  test('a review with a stale If-Match answers 412 and changes nothing', async () => {
    const deal = await registeredDeal(t.app)
    await patchReferral(t.app, deal.id, [replace('/details/notes', 'newer')])
    const { referral } = await readReferral(t.app, deal.id)
    assertErrorBody(
      await review(t.app, deal.id, { action: 'pass' }, { 'if-match': deal.eTag }),
      412,
      'preconditionFailed',
    )
    assert.deepEqual((await readReferral(t.app, deal.id)).referral, referral)
    assert.equal(
      (await review(t.app, deal.id, { action: 'pass' }, { 'if-match': referral.eTag })).statusCode,
      200,
    )
  })

  test('the admin API needs the admin token off loopback', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/_cosell/referrals/x/registration/review',
      payload: { action: 'pass' },
      remoteAddress: '203.0.113.9',
    })
    assertErrorBody(res, 401)
  })
})

describe('the 72-hour rule (docs/deal-registrations.md)', () => {
  const won = (id: string) =>
    patchReferral(t.app, id, [replace('/status', 'Closed'), replace('/substatus', 'Won')])

  test('Won 41 hours after creation is accepted and flags the registration in statusReason', async () => {
    const deal = await registeredDeal(t.app)
    t.clock.advance(41 * hourMs)
    assert.equal((await won(deal.id)).statusCode, 204)
    const r = await partnerView(deal.id)
    assert.equal(r.substatus, 'Won')
    assert.equal(r.registrationStatus, 'Approved')
    assert.match(r.registrations[0]!.statusReason ?? '', /marked Won 41 hours after it was created.*72 hours/)
  })

  test('Won after 72 hours leaves the registration unflagged', async () => {
    const deal = await registeredDeal(t.app)
    t.clock.advance(72 * hourMs)
    assert.equal((await won(deal.id)).statusCode, 204)
    assert.equal((await partnerView(deal.id)).registrations[0]!.statusReason, null)
  })

  test('Lost closes the registration', async () => {
    const deal = await registeredDeal(t.app)
    const res = await patchReferral(t.app, deal.id, [
      replace('/status', 'Closed'),
      replace('/substatus', 'Lost'),
      replace('/statusReason', 'Customer chose another vendor'),
    ])
    assert.equal(res.statusCode, 204, res.body)
    const r = await partnerView(deal.id)
    assert.equal(r.registrationStatus, 'Closed')
    assert.equal(r.registrations[0]!.statusReason, 'The referral was closed as Lost.')
  })
})

describe('scripted review as the clock moves', () => {
  const policy = {
    seed: 'walkthrough',
    rules: [
      {
        status: 'Approved',
        wonWithin72Hours: true,
        afterBusinessDays: 0,
        outcomes: [{ action: 'fail', statusReason: 'Marked Won within 72 hours of creation.' }],
      },
      {
        status: 'Approved',
        afterBusinessDays: 3,
        outcomes: [
          { action: 'fail', share: 0.5, statusReason: 'Customer consumption could not be verified.' },
          { action: 'pass', share: 0.5 },
        ],
      },
    ],
  }

  test('the policy is saved, read back, and refused with every problem when it is wrong', async () => {
    const saved = await admin(t.app, 'PUT', '/registrations/review-policy', policy)
    assert.equal(saved.statusCode, 200, saved.body)
    const read = await admin(t.app, 'GET', '/registrations/review-policy')
    assert.equal(read.json<ReviewPolicy>().seed, 'walkthrough')
    assert.equal(read.json<ReviewPolicy>().rules.length, 2)
    const wrong = await admin(t.app, 'PUT', '/registrations/review-policy', {
      rules: [{ status: 'ActionRequired', outcomes: [{ action: 'pass' }, { action: 'requireAction' }] }],
    })
    assertInvalidRequest(wrong, [
      { target: 'rules[0].outcomes', mentions: 'share 2 in all' },
      { target: 'rules[0].outcomes[0].action' },
      { target: 'rules[0].outcomes[1].action' },
      { target: 'rules[0].outcomes[1].statusReason' },
    ])
    await admin(t.app, 'PUT', '/registrations/review-policy', { rules: [] })
  })

  test('after three business days each registration passes or fails exactly as the seed decides, once', async () => {
    const app = await makeTestApp()
    try {
      const deals: Referral[] = []
      for (let i = 0; i < 12; i++) deals.push(await registeredDeal(app.app, tenantA, registrationBody()))
      const set = await admin(app.app, 'PUT', '/registrations/review-policy', policy)
      assert.equal(set.json<{ reviewed: number }>().reviewed, 0, 'nothing is due at once')

      // Sunday 10:00 + 3 business days = Wednesday 10:00
      app.clock.advance(2 * dayMs + 23 * hourMs)
      const early = await admin(app.app, 'POST', '/registrations/review-policy/run')
      assert.deepEqual(early.json(), { reviewed: 0 })

      app.clock.advance(hourMs)
      const expected = deals.map((d) =>
        dueReview(d, set.json<{ policy: ReviewPolicy }>().policy, app.clock.now()),
      )
      const run = await admin(app.app, 'POST', '/registrations/review-policy/run')
      assert.deepEqual(run.json(), { reviewed: 12 })
      const outcomes = []
      for (const [i, deal] of deals.entries()) {
        const r = (await readReferral(app.app, deal.id)).referral
        const want = expected[i]!.action === 'pass' ? 'Passed' : 'Failed'
        assert.equal(r.registrationStatus, want, deal.id)
        assert.equal(r.registrations[0]!.statusReason, expected[i]!.statusReason)
        outcomes.push(want)
      }
      assert.ok(outcomes.includes('Passed') && outcomes.includes('Failed'), outcomes.join())
      const again = await admin(app.app, 'POST', '/registrations/review-policy/run')
      assert.deepEqual(again.json(), { reviewed: 0 }, 'a second run finds nothing left to do')
    } finally {
      await app.close()
    }
  })

  test('moving the virtual clock applies the policy, and the answer counts what it reviewed', async () => {
    const app = await makeTestApp()
    try {
      const deal = await registeredDeal(app.app)
      await admin(app.app, 'PUT', '/registrations/review-policy', {
        rules: [{ afterBusinessDays: 3, outcomes: [{ action: 'pass' }] }],
      })
      const day = await admin(app.app, 'POST', '/clock', { advance: 'P1D' })
      assert.equal(day.json<{ registrationsReviewed: number }>().registrationsReviewed, 0)
      const days = await admin(app.app, 'POST', '/clock', { advance: 'P2D' })
      assert.equal(days.json<{ registrationsReviewed: number }>().registrationsReviewed, 1)
      const r = (await readReferral(app.app, deal.id)).referral
      assert.equal(r.registrationStatus, 'Passed')
      assert.equal(r.registrations[0]!.statusHistory.passedDateTime, '2026-03-04T10:00:00.0000000Z')
    } finally {
      await app.close()
    }
  })

  test('a deal won within 72 hours is failed by the rule that comes first', async () => {
    const app = await makeTestApp()
    try {
      await giveIncentive(app.app)
      const deal = await registeredDeal(app.app)
      app.clock.advance(10 * hourMs)
      await patchReferral(app.app, deal.id, [replace('/status', 'Closed'), replace('/substatus', 'Won')])
      const set = await admin(app.app, 'PUT', '/registrations/review-policy', policy)
      assert.equal(set.json<{ reviewed: number }>().reviewed, 1)
      const r = (await readReferral(app.app, deal.id)).referral
      assert.equal(r.registrationStatus, 'Failed')
      assert.equal(r.registrations[0]!.statusReason, 'Marked Won within 72 hours of creation.')
    } finally {
      await app.close()
    }
  })
})
