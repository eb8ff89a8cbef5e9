// Seeds referrals straight into a data directory before the server starts: a few templates go
// through the real create use case (so every rule holds), then each row is a template with its own
// ids, dates, state and values (dataset.ts), inserted by the real store (embedded or PostgreSQL) in
// large transactions.
import { readFileSync } from 'node:fs'
import { defaultRuleOptions, checkReferral } from '../src/domain/referral/rules.js'
import { checkState } from '../src/domain/lifecycle/check-transition.js'
import { ReferralSchema, type Referral } from '../src/domain/referral/schema.js'
import { schemaProblems } from '../src/domain/referral/schema-problems.js'
import { createReferral } from '../src/service/create-referral.js'
import { randomIds } from '../src/service/ids.js'
import { systemClock } from '../src/service/ports.js'
import type { ReferralStore } from '../src/store/referral-store.js'
import { SqliteReferralStore } from '../src/store/sqlite/store.js'
import { benchTenant, referralAt, type Tally } from './dataset.js'

const batchSize = 10_000
const checkEvery = 9_973 // a sample of the clones goes through the schema and the rules again

/** A create body like the documented Private sample, varied by `n`. */
export function createBody(n: number): Record<string, unknown> {
  const body = JSON.parse(
    readFileSync(new URL('../test/fixtures/create-private.json', import.meta.url), 'utf8'),
  ) as {
    [key: string]: unknown
    consent: Record<string, unknown>
    details: Record<string, unknown>
    customerProfile: Record<string, unknown>
  }
  const sizes = ['1to50employees', '51to500employees', 'Morethan500employees', '10to50employees']
  return {
    ...body,
    name: `Bench deal ${n}`,
    qualification: n % 3 === 0 ? 'MarketingQualified' : 'SalesQualified',
    type: n % 4 === 0 ? 'Shared' : 'Independent',
    consent: { ...body.consent, consentToShareReferralWithMicrosoftSellers: n % 4 === 0 },
    customerProfile: { ...body.customerProfile, size: sizes[n % sizes.length] },
    details: {
      ...body.details,
      notes: `Bench template ${n}: ${String(body.details.notes)}`,
      dealValue: 5000 + n,
    },
  }
}

type Organization = Awaited<ReturnType<ReferralStore['organization']>>

export async function benchOrganization(store: ReferralStore): Promise<Organization> {
  return store.organization(benchTenant, () => ({
    name: 'Fabrikam Partners (bench)',
    mpnId: '4863040',
    createdDateTime: '2023-01-01T00:00:00.0000000Z',
  }))
}

/** Referrals as the create use case completes them, kept instead of stored: the real store with
 *  its insert intercepted. */
async function buildTemplates(
  store: ReferralStore,
  organization: Organization,
  count: number,
): Promise<Referral[]> {
  const kept: Referral[] = []
  const insert = (r: Referral) => {
    kept.push(r)
    return Promise.resolve('written' as const)
  }
  const capturing = new Proxy(store, {
    get(target, name) {
      const value: unknown = name === 'insert' ? insert : Reflect.get(target, name)
      return typeof value === 'function' && name !== 'insert' ? (value as () => unknown).bind(target) : value
    },
  })
  const deps = { store: capturing, clock: systemClock, ids: randomIds, rules: defaultRuleOptions }
  const email = 'bench@fabrikam.example'
  const caller = { organization, user: email, email, role: 'Referral Admin' } as const
  for (let n = 0; n < count; n++) await createReferral(deps, caller, createBody(n))
  return kept
}

function assertValid(r: Referral): void {
  const problems = [
    ...schemaProblems(ReferralSchema, r),
    ...checkReferral(r, defaultRuleOptions),
    ...checkState(r, 'service'),
  ]
  if (problems.length > 0) throw new Error(`seed: row ${r.id} is invalid: ${JSON.stringify(problems)}`)
}

/** Seeding needs no durability (a failed seed is thrown away) and gains from a large page cache;
 *  the store does not expose its connection, so this reaches for it and does nothing if it is gone. */
function loosenForBulkLoad(store: SqliteReferralStore): void {
  const db = (store as unknown as { db?: { pragma?: (sql: string) => unknown } }).db
  db?.pragma?.('synchronous = OFF')
  db?.pragma?.('cache_size = -1000000')
}

/** Inserts rows [from, to) of the data set into `dataDir`, adding what they match to `tally`. */
export async function seedReferrals(
  dataDir: string,
  from: number,
  to: number,
  tally: Tally,
): Promise<number> {
  const store = SqliteReferralStore.open(dataDir)
  loosenForBulkLoad(store)
  return seedStore(store, from, to, tally)
}

/** Inserts rows [from, to) of the data set through `store`, which it closes; answers the seconds taken. */
export async function seedStore(
  store: ReferralStore,
  from: number,
  to: number,
  tally: Tally,
): Promise<number> {
  const started = performance.now()
  try {
    const templates = await buildTemplates(store, await benchOrganization(store), 24)
    for (let start = from; start < to; start += batchSize) {
      const end = Math.min(to, start + batchSize)
      const batch: Referral[] = []
      for (let i = start; i < end; i++) {
        const referral = referralAt(i, templates, tally)
        if (i % checkEvery === 0) assertValid(referral)
        batch.push(referral)
      }
      await store.insertMany(batch, { actor: 'bench-seed', channel: 'seed', requestId: null }) // one commit a batch
    }
  } finally {
    await store.close()
  }
  return (performance.now() - started) / 1000
}
