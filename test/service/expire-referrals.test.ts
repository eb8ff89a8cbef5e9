// Expiry of incoming referrals (docs/lifecycle.md): Closed/Expired once the clock passes
// expirationDateTime, never before, exactly once however many sweeps race.
import type { ChangeCause } from '../../src/domain/change/change-record.js'
import assert from 'node:assert/strict'
import { after, beforeEach, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import { parseDuration } from '../../src/domain/time/duration.js'
import type { ServiceDeps } from '../../src/service/deps.js'
import { expireReferrals } from '../../src/service/expire-referrals.js'
import { startExpiryTimer } from '../../src/service/expiry-timer.js'
import { randomIds } from '../../src/service/ids.js'
import { VirtualClock } from '../../src/service/virtual-clock.js'
import type { WriteOutcome } from '../../src/store/referral-store.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { insertIncoming } from '../support/incoming.js'
import { ManualClock } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'
import { testCause } from '../support/change-cause.js'

const day = 86_400_000

describe('expiring incoming referrals', () => {
  let store: SqliteReferralStore
  let wall: ManualClock
  let deps: ServiceDeps & { clock: VirtualClock }
  const stores: SqliteReferralStore[] = []

  beforeEach(async () => {
    store = SqliteReferralStore.open(':memory:')
    stores.push(store)
    wall = new ManualClock()
    deps = { store, clock: await VirtualClock.load(store, wall), ids: randomIds, rules: defaultRuleOptions }
  })
  after(async () => {
    for (const s of stores) await s.close()
  })

  const advance = (text: string) => deps.clock.change({ advance: parseDuration(text)! })
  const reread = async (r: Referral) => (await store.get(r.organizationId, r.id))!

  test('nothing expires before the clock reaches expirationDateTime', async () => {
    const r = await insertIncoming(store, { organizationId: tenantA, receivedAt: wall.now() })
    await advance('P13DT23H59M59S')
    assert.equal(await expireReferrals(deps), 0)
    assert.deepEqual(await reread(r), r)
  })

  test('once the clock passes it, the referral is Closed/Expired, closed and updated at its expiration, with a new eTag', async () => {
    const r = await insertIncoming(store, {
      organizationId: tenantA,
      receivedAt: wall.now(),
      substatus: 'Received',
    })
    await advance('P14DT1H')
    assert.equal(await expireReferrals(deps), 1)
    const after = await reread(r)
    assert.equal(after.status, 'Closed')
    assert.equal(after.substatus, 'Expired')
    assert.equal(after.closedDateTime, r.expirationDateTime)
    assert.equal(
      after.updatedDateTime,
      r.expirationDateTime,
      'changed when it expired, not when the clock got there',
    )
    assert.notEqual(after.eTag, r.eTag)
    assert.deepEqual(
      {
        ...after,
        status: r.status,
        substatus: r.substatus,
        closedDateTime: null,
        updatedDateTime: r.updatedDateTime,
        eTag: r.eTag,
      },
      r,
    )
  })

  test('a referral expiring exactly now expires; one a millisecond later does not', async () => {
    const now = deps.clock.now()
    const due = await insertIncoming(store, { organizationId: tenantA, receivedAt: now, expiration: now })
    const notYet = await insertIncoming(store, {
      organizationId: tenantA,
      receivedAt: now,
      expiration: new Date(now.getTime() + 1),
    })
    assert.equal(await expireReferrals(deps), 1)
    assert.equal((await reread(due)).substatus, 'Expired')
    assert.equal((await reread(notYet)).substatus, 'Pending')
  })

  test('outgoing, accepted and never-expiring referrals are left alone', async () => {
    const base = { organizationId: tenantA, receivedAt: wall.now() }
    const accepted = await insertIncoming(store, base)
    await store.replace(
      { ...accepted, status: 'Active', substatus: 'Accepted', eTag: '"accepted"' },
      accepted,
      testCause,
    )
    const outgoing = await insertIncoming(store, base)
    await store.replace({ ...outgoing, direction: 'Outgoing', eTag: '"outgoing"' }, outgoing, testCause)
    const never = await insertIncoming(store, { ...base, expiration: null })
    await advance('P30D')
    assert.equal(await expireReferrals(deps), 0)
    for (const r of [accepted, outgoing, never]) assert.notEqual((await reread(r)).substatus, 'Expired')
  })

  test('every organisation is swept, in batches larger than one query', async () => {
    const inserted = await Promise.all(
      Array.from({ length: 450 }, (_, i) =>
        insertIncoming(store, {
          organizationId: i % 2 ? tenantA : tenantB,
          receivedAt: new Date(wall.now().getTime() - i),
        }),
      ),
    )
    await advance('P15D')
    assert.equal(await expireReferrals(deps), 450)
    for (const r of inserted) assert.equal((await reread(r)).substatus, 'Expired')
  })

  test('two sweeps racing expire each referral exactly once', async () => {
    const inserted = await Promise.all(
      Array.from({ length: 20 }, () =>
        insertIncoming(store, { organizationId: tenantA, receivedAt: wall.now() }),
      ),
    )
    await advance('P15D')
    const written = new Map<string, number>()
    let stale = 0
    let waiting: (() => void)[] = []
    // both sweeps read the same due list before either writes
    const racing: ServiceDeps = {
      ...deps,
      store: Object.assign(Object.create(store) as SqliteReferralStore, {
        dueForExpiry: async (at: string, limit: number) => {
          const due = await store.dueForExpiry(at, limit)
          if (due.length > 0) {
            await new Promise<void>((resolve) => {
              waiting.push(resolve)
              if (waiting.length === 2) {
                for (const go of waiting) go()
                waiting = []
              }
            })
          }
          return due
        },
        replace: async (r: Referral, before: Referral, cause: ChangeCause): Promise<WriteOutcome> => {
          const outcome = await store.replace(r, before, cause)
          if (outcome === 'written') written.set(r.id, (written.get(r.id) ?? 0) + 1)
          if (outcome === 'stale') stale++
          return outcome
        },
      }),
    }
    const counts = await Promise.all([expireReferrals(racing), expireReferrals(racing)])
    assert.equal(counts[0] + counts[1], 20)
    assert.ok(stale > 0, 'the sweeps did not race')
    for (const r of inserted) {
      assert.equal(written.get(r.id), 1, `${r.id} was written ${written.get(r.id)} times`)
      assert.equal((await reread(r)).substatus, 'Expired')
    }
  })

  test("a partner's accept that lands first wins; the sweep leaves the referral Active", async () => {
    const r = await insertIncoming(store, { organizationId: tenantA, receivedAt: wall.now() })
    await advance('P15D')
    const racing: ServiceDeps = {
      ...deps,
      store: Object.assign(Object.create(store) as SqliteReferralStore, {
        dueForExpiry: async (at: string, limit: number) => {
          const due = await store.dueForExpiry(at, limit)
          // the partner accepts between the sweep's read and its write
          await store.replace(
            { ...r, status: 'Active', substatus: 'Accepted', eTag: '"accepted"' },
            r,
            testCause,
          )
          return due
        },
      }),
    }
    assert.equal(await expireReferrals(racing), 0)
    assert.deepEqual([(await reread(r)).status, (await reread(r)).eTag], ['Active', '"accepted"'])
  })

  test('the timer sweeps while the clock just runs, and close() stops it', async () => {
    const r = await insertIncoming(store, { organizationId: tenantA, receivedAt: wall.now() })
    const timer = startExpiryTimer(deps, 5, (error) => assert.fail(String(error)))
    try {
      wall.advance(14 * day + 1) // wall time passes; the virtual clock runs with it
      for (let i = 0; i < 400 && (await reread(r)).status === 'New'; i++)
        await new Promise((go) => setTimeout(go, 5))
      assert.equal((await reread(r)).substatus, 'Expired')
    } finally {
      await timer.close()
    }
  })
})
