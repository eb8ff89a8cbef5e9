// The store contract against the embedded store.
import { SqliteReferralStore } from '../../../src/store/sqlite/store.js'
import { storeContract } from './store-contract.js'

storeContract('embedded (SQLite)', () => Promise.resolve(SqliteReferralStore.open(':memory:')))
