// The store contract against PostgreSQL: each test on a database of its own, dropped afterwards.
// Skipped, with the reason printed, where no PostgreSQL server is reachable.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PostgresReferralStore } from '../../../src/store/postgres/store.js'
import { StoreOpenError } from '../../../src/store/store-open-error.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'
import { storeContract } from './store-contract.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL store contract: ${unavailable}`)

storeContract('PostgreSQL', async () => PostgresReferralStore.open(await freshDatabase()), unavailable)

test(
  'a second server on the same database is refused, naming why and what to do; the first keeps it',
  {
    skip: unavailable ?? false,
  },
  async () => {
    const url = await freshDatabase()
    const first = await PostgresReferralStore.open(url)
    try {
      await assert.rejects(
        PostgresReferralStore.open(url),
        (error: unknown) =>
          error instanceof StoreOpenError &&
          /Another cosell server is using this database/.test(error.message),
      )
      assert.equal((await first.listOrganizations()).length, 0)
    } finally {
      await first.close()
    }
    const second = await PostgresReferralStore.open(url) // free once the first closed
    await second.close()
  },
)
