// PostgreSQL's kept counts (count-cache.ts): exact through writes of either server, resets and
// other organisations' rows (the property of kept-count-property.ts, on two servers of one
// database), and brought forward over the change log without counting again where the log tells
// enough: a field the filter does not read, a status change, a create; counted afresh where it
// does not (a filter on a stamp the log does not carry, too many changes, a reset).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import type { Referral } from '../../src/domain/referral/schema.js'
import { parseQueryOptions } from '../../src/query/index.js'
import { testCause } from '../support/change-cause.js'
import { holdRow } from '../support/held-row.js'
import { postgresUnavailable } from '../support/postgres.js'
import { twoServersOfOneDatabase } from '../support/two-servers.js'
import { context, tenant } from '../query/sql-harness.js'
import { keptCountsStayExact } from './kept-count-property.js'
import { storeReferrals } from './store-referrals.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping PostgreSQL's kept counts: ${unavailable}`)
const skip = unavailable ?? false

const servers = twoServersOfOneDatabase(unavailable)

test(
  'every count is exact through writes of either server, resets and other organisations',
  { skip },
  async () => {
    const { here, there } = servers
    await keptCountsStayExact(async () => {
      await here.reset()
      return { here, there, done: () => Promise.resolve() }
    }, 100)
  },
)

/** How many times the statements `work` makes count afresh. */
async function countings(work: () => Promise<void>): Promise<number> {
  const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown
  let counted = 0
  Reflect.set(pg.Client.prototype, 'query', function (this: unknown, ...args: unknown[]) {
    const sent = args[0] as { text?: string } | string
    if (/COUNT\(\*\)/.test(typeof sent === 'string' ? sent : (sent.text ?? ''))) counted++
    return query.apply(this, args)
  })
  try {
    await work()
  } finally {
    Reflect.set(pg.Client.prototype, 'query', query)
  }
  return counted
}

test(
  'a kept count is brought forward over the log where it tells enough, and counted afresh where not',
  { skip },
  async () => {
    const { here, there } = servers
    await here.reset()
    const plan = (filter: string) => {
      const planned = parseQueryOptions({ $filter: filter, $top: '0' }, context)
      assert.ok(planned.ok)
      return planned.value
    }
    const active = plan("status eq 'Active'")
    const recent = plan('updatedDateTime gt 2026-05-01T00:00:00Z')
    const count = async (p = active) => (await here.list({ organizationId: tenant }, p)).count
    const referrals = storeReferrals(30, { edit: () => ({ status: 'Active', substatus: 'Accepted' }) })
    await there.insertMany(referrals, testCause)
    const held = new Map(referrals.map((r) => [r.id, r]))
    const write = async (id: string, change: Partial<Referral>) => {
      const old = held.get(id)!
      const next = { ...old, ...change, eTag: `"${Math.random()}"`, updatedDateTime: '2026-06-01T00:00:00Z' }
      assert.equal(await there.replace(next, old, testCause), 'written')
      held.set(id, next)
    }
    const [first, second, third] = referrals

    assert.equal(await countings(async () => assert.equal(await count(), 30)), 1, 'counted the first time')
    assert.equal(await countings(async () => assert.equal(await count(), 30)), 0, 'kept')
    assert.equal(
      await countings(async () => {
        await write(first!.id, { name: 'renamed' })
        assert.equal(await count(), 30)
        await write(second!.id, { status: 'Closed', substatus: 'Won' })
        await write(second!.id, { name: 'closed and renamed' })
        assert.equal(await count(), 29)
        const [created] = storeReferrals(1, { from: 100, edit: () => ({ status: 'Active' }) })
        await there.insert(created!, testCause)
        assert.equal(await count(), 30)
      }),
      0,
      'a change of another field, of the status and a create, through the other server, were followed',
    )
    assert.equal(await countings(async () => assert.equal(await count(recent), 2)), 1)
    assert.equal(
      await countings(async () => {
        await write(third!.id, { name: 'touched' })
        assert.equal(await count(recent), 3)
      }),
      1,
      'updatedDateTime is not in the log: counted afresh',
    )
    assert.equal(
      await countings(async () => {
        for (let i = 0; i < 201; i++) await write(first!.id, { name: `renamed ${i}` })
        assert.equal(await count(), 30)
      }),
      1,
      'more changes than are worth reading: counted afresh',
    )
    assert.equal(
      await countings(async () => {
        await there.reset()
        assert.equal(await count(), 0)
      }),
      1,
      'a reset empties the log: counted afresh',
    )
  },
)

test(
  'a kept count follows a write that commits after one drawn later, without counting again',
  { skip, timeout: 60_000 },
  async () => {
    const { here, there, url } = servers
    await here.reset()
    const planned = parseQueryOptions({ $filter: "status eq 'Active'", $top: '0' }, context)
    assert.ok(planned.ok)
    const count = async () => (await here.list({ organizationId: tenant }, planned.value)).count
    const referrals = storeReferrals(3, { from: 200, edit: () => ({ status: 'New', substatus: 'Pending' }) })
    await there.insertMany(referrals, testCause)
    const [early, late] = referrals
    const activated = (r: Referral) =>
      ({ ...r, status: 'Active', substatus: 'Accepted', eTag: `"${r.id}-active"` }) as Referral
    assert.equal(await count(), 0)
    const held = await holdRow(url, early!.organizationId, early!.id)
    const inFlight = there.replace(activated(early!), early!, testCause) // draws its seq, then waits for the row
    await held.waitedFor()
    assert.equal(await there.replace(activated(late!), late!, testCause), 'written')
    assert.equal(
      await countings(async () => assert.equal(await count(), 1, 'the write that committed')),
      0,
      'brought forward',
    )
    await held.release()
    assert.equal(await inFlight, 'written')
    assert.equal(
      await countings(async () =>
        assert.equal(await count(), 2, 'and the one drawn before it, committed after'),
      ),
      0,
      'brought forward over the record numbered below one it had already seen',
    )
  },
)
