// The store an HTTP test runs on: a private in-memory embedded store, or, when the test run asks
// for PostgreSQL (COSELL_TEST_STORE=postgres), a schema of its own in one test database on the
// machine's server, dropped with the database when the run ends.
import pg from 'pg'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import type { ReferralStore } from '../../src/store/referral-store.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { freshDatabase } from './postgres.js'

export const testStoreKind = process.env.COSELL_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

let database: Promise<string> | undefined
let schemas = 0

export async function testStore(): Promise<ReferralStore> {
  if (testStoreKind === 'sqlite') return SqliteReferralStore.open(':memory:')
  database ??= freshDatabase()
  const url = await database
  const schema = `app_${schemas++}`
  const client = new pg.Client(url)
  await client.connect()
  await client.query(`CREATE SCHEMA ${schema}`)
  await client.end()
  return PostgresReferralStore.open(`${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`)
}
