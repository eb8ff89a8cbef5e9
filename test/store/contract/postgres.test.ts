// The store contract against PostgreSQL: each test on a database of its own, dropped afterwards.
// Skipped, with the reason printed, where no PostgreSQL server is reachable.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import type { CosellError } from '../../../src/domain/errors.js'
import { parseQueryOptions } from '../../../src/query/index.js'
import { PostgresReferralStore } from '../../../src/store/postgres/store.js'
import { testCause } from '../../support/change-cause.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'
import { context, tenant } from '../../query/sql-harness.js'
import { storeReferrals } from '../store-referrals.js'
import { storeContract } from './store-contract.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL store contract: ${unavailable}`)

storeContract('PostgreSQL', async () => PostgresReferralStore.open(await freshDatabase()), unavailable)

test(
  'a list that runs past the query budget is stopped and answered 400 queryBudget, naming the way out',
  {
    skip: unavailable ?? false,
  },
  async () => {
    const store = await PostgresReferralStore.open(await freshDatabase(), { queryTimeoutMs: 1 })
    try {
      await store.insertMany(storeReferrals(4000), testCause)
      const walk = parseQueryOptions(
        {
          $filter:
            "contains(name,'q') or contains(customerProfile/name,'q') or contains(customerProfile/address/city,'q')",
          $orderby: 'name',
        },
        context,
      )
      assert.ok(walk.ok)
      await assert.rejects(store.list({ organizationId: tenant }, walk.value), (error: unknown) => {
        const problems = (error as CosellError).problems
        return problems.some((p) => p.rule === 'queryBudget' && /COSELL_QUERY_TIMEOUT_MS/.test(p.message))
      })
      assert.equal((await store.get(tenant, storeReferrals(1)[0]!.id))?.id, storeReferrals(1)[0]!.id) // the store goes on answering
    } finally {
      await store.close()
    }
  },
)

test(
  'the longest arithmetic chains the filter limits allow are planned in linear size',
  {
    skip: unavailable ?? false,
  },
  async () => {
    const store = await PostgresReferralStore.open(await freshDatabase(), { queryTimeoutMs: 10_000 })
    try {
      await store.insertMany(storeReferrals(5), testCause)
      for (const op of ['mod 7', 'div 3', 'add 1', 'mul 2']) {
        const planned = parseQueryOptions(
          { $filter: `details/dealValue${` ${op}`.repeat(99)} eq 1` },
          context,
        )
        assert.ok(planned.ok)
        // merged by the planner, a chain of 99 mods was 3^99 expression nodes: the server ran out of memory
        const page = await store.list({ organizationId: tenant }, planned.value)
        assert.equal(page.count, page.referrals.length)
      }
    } finally {
      await store.close()
    }
  },
)

test(
  'a count kept between writes follows writes through another server, a reset and a restore',
  { skip: unavailable ?? false },
  async () => {
    const url = await freshDatabase()
    const [here, there] = [await PostgresReferralStore.open(url), await PostgresReferralStore.open(url)]
    const all = parseQueryOptions({ $filter: "status eq 'Active'" }, context)
    assert.ok(all.ok)
    const count = async () => (await here.list({ organizationId: tenant }, all.value)).count
    try {
      const [first, ...rest] = storeReferrals(30).filter((r) => r.status === 'Active')
      assert.ok(rest.length > 1)
      await there.insertMany(rest, testCause)
      const before = await count()
      assert.equal(before, rest.length)
      assert.equal(await count(), before) // kept
      await there.saveSnapshot('kept', '2026-01-01T00:00:00Z', { now: '2026-01-01T00:00:00Z', frozen: false })
      await there.insert(first!, testCause)
      assert.equal(await count(), before + 1, 'a write through the other server')
      const closed = { ...first!, status: 'Closed', substatus: 'Won', eTag: 'changed' } as typeof first
      assert.equal(await there.replace(closed!, first!, testCause), 'written')
      assert.equal(await count(), before, 'a status moved out of the filter')
      const [another] = storeReferrals(1, {
        from: 100,
        edit: () => ({ status: 'Active', substatus: 'Accepted' }),
      })
      await there.insert(another!, testCause)
      assert.equal(await count(), before + 1, 'a create')
      await there.restoreSnapshot('kept', (saved) => ({ offsetMs: 0, frozenAtMs: null, ...saved }))
      assert.equal(await count(), before, 'a restore')
      await there.reset()
      assert.equal(await count(), 0, 'a reset')
    } finally {
      await here.close()
      await there.close()
    }
  },
)

test(
  'reads by id made together are one statement, and each sees every write acknowledged before it, by either server',
  { skip: unavailable ?? false },
  async () => {
    const url = await freshDatabase()
    const [here, there] = [await PostgresReferralStore.open(url), await PostgresReferralStore.open(url)]
    const statements: string[] = []
    const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown
    const capturing = function (this: unknown, ...args: unknown[]): unknown {
      const sent = args[0] as { text?: string } | string
      statements.push(typeof sent === 'string' ? sent : (sent.text ?? ''))
      return query.apply(this, args)
    }
    try {
      const referrals = storeReferrals(40)
      await there.insertMany(referrals, testCause)
      let latest = referrals[0]!
      for (let round = 1; round <= 5; round++) {
        const next = { ...latest, name: `round ${round}`, eTag: `etag-${round}` }
        assert.equal(await there.replace(next, latest, testCause), 'written')
        latest = next
        statements.length = 0
        Reflect.set(pg.Client.prototype, 'query', capturing)
        const read = await Promise.all([
          ...referrals.map((r) => here.getStored(tenant, r.id)),
          here.getStored(tenant, latest.id),
          here.getStored('another-organization', latest.id),
          here.getStored(tenant, '00000000-0000-4000-8000-99999999999a'),
        ])
        Reflect.set(pg.Client.prototype, 'query', query)
        assert.deepEqual(
          read.slice(1, 40).map((s) => s?.eTag),
          referrals.slice(1).map((r) => r.eTag),
        )
        assert.equal(read[0]?.eTag, `etag-${round}`, 'the write just acknowledged by the other server')
        assert.equal(read[40]?.text, JSON.stringify({ ...latest, links: null }))
        assert.deepEqual(read.slice(41), [undefined, undefined])
        assert.equal(statements.length, 2, `43 reads of two organisations: ${statements.join('; ')}`)
      }
    } finally {
      Reflect.set(pg.Client.prototype, 'query', query)
      await here.close()
      await there.close()
    }
  },
)
