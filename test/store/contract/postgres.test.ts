// The store contract against PostgreSQL: each test on a database of its own, dropped afterwards.
// Skipped, with the reason printed, where no PostgreSQL server is reachable.
import { PostgresReferralStore } from '../../../src/store/postgres/store.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'
import { storeContract } from './store-contract.js'

const unavailable = await postgresUnavailable()
if (unavailable) console.log(`# skipping the PostgreSQL store contract: ${unavailable}`)

storeContract('PostgreSQL', async () => PostgresReferralStore.open(await freshDatabase()), unavailable)
