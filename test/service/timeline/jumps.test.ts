// A clock jump replays every due event at its own time (issue 10): Microsoft's answers and closes,
// registration reviews and expiries inside one jump carry their due times, events that earlier
// ones make due happen in the same jump, and one jump leaves the data, and the change records with
// their times, exactly as many small ones.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import fc from 'fast-check'
import { defaultRuleOptions } from '../../../src/domain/referral/rules.js'
import type { Referral } from '../../../src/domain/referral/schema.js'
import { expiryDue } from '../../../src/service/expire-referrals.js'
import { randomIds } from '../../../src/service/ids.js'
import { runTimeline } from '../../../src/service/timeline/run-timeline.js'
import { partnerLedCreate, privateCreate } from '../../support/fixtures.js'
import { registeredDeal } from '../../support/registration-api.js'
import { collectionUrl, createReferral } from '../../support/referral-api.js'
import { makeTestApp, type TestApp } from '../../support/test-app.js'
import { authHeader, tenantA } from '../../support/tokens.js'

const hourMs = 3_600_000
const msftTarget = [{ type: 'BusinessProfileLocation', id: 'msft' }]

const opened: TestApp[] = []
after(() => Promise.all(opened.map((t) => t.close())))
const app = async () => {
  opened.push(await makeTestApp())
  return opened.at(-1)!
}

async function call(t: TestApp, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}) })
  assert.equal(res.statusCode, 200, `${method} ${url}: ${res.body}`)
  return res.json<Record<string, unknown>>()
}

const advance = (t: TestApp, by: string) => call(t, 'POST', '/_cosell/clock', { advance: by })

/** A partner referral and its co-sell invitation to Microsoft; answers Microsoft's referral. */
async function inviteMicrosoft(t: TestApp): Promise<Referral> {
  const own = await createReferral(t.app, partnerLedCreate())
  const res = await t.app.inject({
    method: 'POST',
    url: collectionUrl,
    headers: authHeader(),
    payload: { engagementId: own.engagementId, target: msftTarget },
  })
  assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body)
  return res.json<Referral>()
}

async function sendLead(t: TestApp): Promise<Referral> {
  await call(t, 'PUT', `/_cosell/organizations/${tenantA}`, {})
  const sent = await call(t, 'POST', '/_cosell/microsoft/leads', {
    organizationId: tenantA,
    kind: 'qualifiedLead',
    referral: privateCreate(),
  })
  return sent.referral as Referral
}

const find = async (t: TestApp, id: string) => (await t.store.find(id))!

describe('a clock jump replays due events at their own times', () => {
  test("a P10D jump accepts Microsoft's invitation when it was due and closes it inside the same jump", async () => {
    const t = await app()
    await call(t, 'PUT', '/_cosell/microsoft/policy', {
      mode: 'scripted',
      respondAfterBusinessDays: 2,
      declineRate: 0,
      closeAfterBusinessDays: 5,
    })
    const invitation = await inviteMicrosoft(t) // Sunday 2026-03-01 10:00
    const moved = await advance(t, 'P10D')
    assert.deepEqual(moved.microsoft, { accepted: 1, declined: 0, closed: 1 })
    const r = await find(t, invitation.id)
    assert.equal(r.status, 'Closed')
    assert.equal(r.acceptedDateTime, '2026-03-03T10:00:00.0000000Z', 'two business days after it arrived')
    assert.equal(r.closedDateTime, '2026-03-10T10:00:00.0000000Z', 'five business days after the acceptance')
    assert.equal(r.updatedDateTime, r.closedDateTime)
  })

  test('a lead expires exactly at its 14 days inside a longer jump', async () => {
    const t = await app()
    const lead = await sendLead(t)
    t.clock.advance(5 * hourMs + 17) // the jump starts at an odd instant, ends far past the expiry
    assert.equal((await advance(t, 'P30D')).expired, 1)
    const r = await find(t, lead.id)
    assert.deepEqual([r.status, r.substatus], ['Closed', 'Expired'])
    assert.equal(r.closedDateTime, lead.expirationDateTime)
    assert.equal(r.updatedDateTime, lead.expirationDateTime)
  })

  test('a registration sent back inside a jump is failed by the rule that this makes due', async () => {
    const t = await app()
    const deal = await registeredDeal(t.app) // Approved on arrival, Sunday 10:00
    await call(t, 'PUT', '/_cosell/registrations/review-policy', {
      rules: [
        {
          status: 'Approved',
          afterBusinessDays: 1,
          outcomes: [{ action: 'requireAction', statusReason: 'Add the customer contact.' }],
        },
        {
          status: 'ActionRequired',
          afterBusinessDays: 3,
          outcomes: [{ action: 'fail', statusReason: 'No answer.' }],
        },
      ],
    })
    assert.equal((await advance(t, 'P14D')).registrationsReviewed, 2)
    const r = await find(t, deal.id)
    const history = r.registrations[0]!.statusHistory
    assert.equal(r.registrationStatus, 'Failed')
    assert.equal(history.actionRequiredDateTime, '2026-03-02T10:00:00.0000000Z')
    assert.equal(history.failedDateTime, '2026-03-05T10:00:00.0000000Z')
    assert.equal(r.updatedDateTime, '2026-03-05T10:00:00.0000000Z')
  })

  test('a run stopped at its cap leaves the rest due, and the next run applies it at its own time', async () => {
    const t = await app()
    const leads = [await sendLead(t), await sendLead(t), await sendLead(t)]
    const deps = {
      store: t.store,
      clock: { now: () => new Date('2026-04-01T00:00:00Z') },
      ids: randomIds,
      rules: defaultRuleOptions,
    }
    const first = await runTimeline(deps, [expiryDue(deps)], { maxEvents: 2 })
    assert.deepEqual(first, { done: { expired: 2 }, complete: false })
    const second = await runTimeline(deps, [expiryDue(deps)], { maxEvents: 2 })
    assert.deepEqual(second, { done: { expired: 1 }, complete: true })
    for (const lead of leads) assert.equal((await find(t, lead.id)).updatedDateTime, lead.expirationDateTime)
  })
})

const kinds = ['invite', 'lead', 'deal'] as const

const worlds = fc.record({
  microsoft: fc.record({
    mode: fc.constant('scripted'),
    seed: fc.integer({ min: 1, max: 1000 }),
    respondAfterBusinessDays: fc.integer({ min: 0, max: 12 }),
    declineRate: fc.constantFrom(0, 0.3, 1),
    closeAfterBusinessDays: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    winRate: fc.constantFrom(0, 0.5, 1),
  }),
  review: fc.record({
    seed: fc.string({ minLength: 1, maxLength: 6 }),
    sendBackAfter: fc.integer({ min: 0, max: 4 }),
    sendBackShare: fc.constantFrom(0.5, 1),
    failAfter: fc.integer({ min: 0, max: 5 }),
  }),
  referrals: fc.array(
    fc.record({ kind: fc.constantFrom(...kinds), hoursLater: fc.integer({ min: 0, max: 72 }) }),
    {
      minLength: 1,
      maxLength: 6,
    },
  ),
  days: fc.integer({ min: 1, max: 30 }),
  cuts: fc.uniqueArray(fc.integer({ min: 1, max: 30 * 24 - 1 }), { maxLength: 8 }),
})

type World = typeof worlds extends fc.Arbitrary<infer W> ? W : never

/** Sets the policies and creates the referrals; answers the engagements to compare. */
async function build(t: TestApp, world: World): Promise<string[]> {
  await call(t, 'POST', '/_cosell/reset')
  await call(t, 'PUT', '/_cosell/microsoft/policy', world.microsoft)
  const { seed, sendBackAfter, sendBackShare, failAfter } = world.review
  const sendBack = {
    action: 'requireAction',
    share: sendBackShare,
    statusReason: 'Add the customer contact.',
  }
  await call(t, 'PUT', '/_cosell/registrations/review-policy', {
    seed,
    rules: [
      { status: 'Approved', afterBusinessDays: sendBackAfter, outcomes: [sendBack] },
      {
        status: 'ActionRequired',
        afterBusinessDays: failAfter,
        outcomes: [{ action: 'fail', statusReason: 'No answer.' }],
      },
    ],
  })
  const engagements: string[] = []
  for (const { kind, hoursLater } of world.referrals) {
    t.clock.advance(hoursLater * hourMs) // wall time: what falls due meanwhile waits for the first run
    const made =
      kind === 'invite'
        ? await inviteMicrosoft(t)
        : kind === 'lead'
          ? await sendLead(t)
          : await registeredDeal(t.app)
    engagements.push(made.engagementId)
  }
  return engagements
}

/** Every referral of the engagements as stored, eTags (random) masked. */
async function data(t: TestApp, engagements: string[]): Promise<Record<string, unknown>> {
  const all = await Promise.all(engagements.map((e) => t.store.inEngagement(e)))
  return {
    clock: (await call(t, 'GET', '/_cosell/clock')).now,
    referrals: all.flat().map((r) => ({ ...r, eTag: '' })),
  }
}

async function replay(t: TestApp, engagements: string[], hours: number[]): Promise<unknown> {
  await call(t, 'POST', '/_cosell/snapshots/before/restore')
  const from = await t.store.lastChange()
  for (const h of hours) await advance(t, `PT${h}H`)
  return { ...(await data(t, engagements)), changes: await changesSince(t, from, engagements) }
}

/** The change records the timeline wrote for the engagements, in time order; seq and eTag masked. */
async function changesSince(t: TestApp, from: number, engagements: string[]): Promise<unknown[]> {
  const records = (await t.store.changesAfter(from, 10_000)).filter((r) =>
    engagements.includes(r.engagementId),
  )
  return records
    .map(({ seq: _seq, eTag: _eTag, ...record }) => record)
    .sort((a, b) => a.at.localeCompare(b.at) || a.referralId.localeCompare(b.referralId))
}

describe('one jump gives the same data as many', () => {
  test('one advance of N days, N advances of a day and advances by a random partition of N agree, change records included', async () => {
    const t = await app()
    let compared = 0
    await fc.assert(
      fc.asyncProperty(worlds, async (world) => {
        const engagements = await build(t, world)
        await call(t, 'PUT', '/_cosell/snapshots/before')
        const total = world.days * 24
        const cuts = [0, ...world.cuts.filter((c) => c < total).sort((a, b) => a - b), total]
        const once = (await replay(t, engagements, [total])) as { changes: unknown[] }
        compared += once.changes.length
        assert.deepEqual(await replay(t, engagements, Array<number>(world.days).fill(24)), once, 'day by day')
        const parts = cuts.slice(1).map((c, i) => c - cuts[i]!)
        assert.deepEqual(await replay(t, engagements, parts), once, `in parts of ${parts.join(', ')} hours`)
      }),
      { numRuns: 12 },
    )
    assert.ok(compared > 0, 'the jumps wrote change records to compare')
  })
})
