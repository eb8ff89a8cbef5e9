// Two PostgreSQL stores on one fresh database, as two servers have them: opened before a test
// file's tests and closed after them.
import { after, before } from 'node:test'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import { freshDatabase } from './postgres.js'

export interface TwoServers {
  readonly here: PostgresReferralStore
  readonly there: PostgresReferralStore
  /** The database both use, for a test's own connection. */
  readonly url: string
}

/** Call at the top level of a test file; the stores are open once its `before` hooks ran, unless `unavailable`. */
export function twoServersOfOneDatabase(unavailable: string | undefined): TwoServers {
  const servers: { here?: PostgresReferralStore; there?: PostgresReferralStore; url?: string } = {}
  before(async () => {
    if (unavailable) return
    const url = (servers.url = await freshDatabase())
    servers.here = await PostgresReferralStore.open(url)
    servers.there = await PostgresReferralStore.open(url)
  })
  after(async () => {
    await servers.here?.close()
    await servers.there?.close()
  })
  return servers as TwoServers
}
