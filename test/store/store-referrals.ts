// Referrals for the store's own tests: generated documents of the test tenant, reproducible by seed,
// and the store's connection for the few checks no store method answers (a fresh COUNT, a PRAGMA).
import type { Database } from 'better-sqlite3'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { referralDocument, type GeneratedReferral } from '../query/arbitraries.js'
import { tenant } from '../query/sql-harness.js'

/** `count` referrals of the test tenant with ids `…-<from + i>`, shaped by `edit` when given. */
export function storeReferrals(
  count: number,
  options: { readonly from?: number; readonly seed?: number; readonly edit?: (i: number) => object } = {},
): Referral[] {
  const from = options.from ?? 0
  return fc.sample(referralDocument, { numRuns: count, seed: options.seed ?? from }).map(
    (doc: GeneratedReferral, i) =>
      ({
        ...doc,
        id: `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}`,
        organizationId: tenant,
        ...options.edit?.(from + i),
      }) as unknown as Referral,
  )
}

/** The store's database connection (the file is held exclusively, so no other can open it). */
export function connection(store: SqliteReferralStore): Database {
  return (store as unknown as { db: Database }).db
}

/** The tenant's referrals counted afresh by SQLite, past every kept count. */
export function freshCount(store: SqliteReferralStore, where = '1'): number {
  return connection(store)
    .prepare(`SELECT count(*) FROM referrals WHERE organization_id = ? AND (${where})`)
    .pluck()
    .get(tenant) as number
}
