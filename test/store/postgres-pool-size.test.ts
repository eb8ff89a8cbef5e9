// COSELL_DATABASE_POOL bounds the connections a server opens to PostgreSQL, so that N servers fit
// the database's max_connections: many requests at once wait for a connection of the two pools
// instead of opening more.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import { parseQueryOptions } from '../../src/query/index.js'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { testCause } from '../support/change-cause.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'
import { context, tenant } from '../query/sql-harness.js'
import { storeReferrals } from './store-referrals.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping PostgreSQL's pool size: ${unavailable}`)

/** Beside the two pools: the pool of turns across servers (4) and the leadership session (1). */
const besidePools = 5

async function connectionsTo(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    )
    return rows[0]!.count
  } finally {
    await client.end()
  }
}

for (const pool of [2, 10]) {
  test(
    `with a pool of ${pool}, 40 writes and 40 lists at once open at most ${2 * pool + besidePools} connections`,
    { skip: unavailable ?? false },
    async () => {
      const url = await freshDatabase()
      const store = await PostgresReferralStore.open(url, { connections: pool })
      try {
        const plan = parseQueryOptions({ $filter: "status eq 'Active'", $top: '5' }, context)
        assert.ok(plan.ok)
        const referrals = storeReferrals(40, { from: 100 })
        await Promise.all([
          ...referrals.map((r) => store.insert(r, testCause)),
          ...referrals.map(() => store.list({ organizationId: tenant }, plan.value)),
        ])
        const open = await connectionsTo(url)
        assert.ok(open <= 2 * pool + besidePools, `${open} connections`)
        assert.ok(open > pool, `${open} connections: the load used both pools`)
      } finally {
        await store.close()
      }
    },
  )
}
