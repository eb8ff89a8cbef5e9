// Kept counts stay exact: random referrals, random filters, and a random run of creates, replaces,
// counts and untracked changes (another organisation's rows, a bulk load, a reset); every count the
// store answers equals the in-memory evaluator's count over what the store holds at that moment.
import { testCause } from '../support/change-cause.js'
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import { evaluateFilter, parseQueryOptions, type ListPlan } from '../../src/query/index.js'
import { rowColumns, rowValues } from '../../src/store/referral-row.js'
import { KeptCounts } from '../../src/store/sqlite/kept-counts.js'
import { migrate } from '../../src/store/sqlite/migrate.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import {
  referralDocument,
  referralDocuments,
  validFilter,
  type GeneratedReferral,
} from '../query/arbitraries.js'
import { context, tenant } from '../query/sql-harness.js'

type Step =
  | { readonly kind: 'count'; readonly filter: number; readonly engagement: boolean }
  | { readonly kind: 'create'; readonly doc: GeneratedReferral }
  | { readonly kind: 'replace'; readonly target: number; readonly doc: GeneratedReferral }
  | { readonly kind: 'stale replace'; readonly target: number; readonly doc: GeneratedReferral }
  | { readonly kind: 'other organisation'; readonly doc: GeneratedReferral }
  | { readonly kind: 'bulk'; readonly docs: GeneratedReferral[] }
  | { readonly kind: 'reset' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      filter: fc.nat(3),
      engagement: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), doc: referralDocument }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.nat(), doc: referralDocument }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('stale replace' as const),
      target: fc.nat(),
      doc: referralDocument,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('other organisation' as const), doc: referralDocument }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulk' as const), docs: referralDocuments(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const) }) },
)

const asReferral = (doc: GeneratedReferral) => doc as unknown as Referral

function plan(filter: string | undefined): ListPlan {
  const planned = parseQueryOptions({ ...(filter ? { $filter: filter } : {}), $top: '0' }, context)
  if (!planned.ok) throw new Error(`the generated filter ${filter} was refused`)
  return planned.value
}

test('every count equals the evaluator’s over the stored rows, through writes the counts follow and writes they do not', async () => {
  await fc.assert(
    fc.asyncProperty(
      referralDocuments(12),
      fc.array(fc.option(validFilter, { nil: undefined, freq: 4 }), { minLength: 4, maxLength: 4 }),
      fc.array(step, { minLength: 1, maxLength: 30 }),
      async (initial, filters, steps) => {
        const store = SqliteReferralStore.open(':memory:')
        const plans = filters.map(plan)
        const held = new Map<string, GeneratedReferral>() // what the store holds, by id
        const ids = () => [...held.keys()]
        const add = async (docs: GeneratedReferral[]) => {
          const fresh = docs.filter((d) => !held.has(d.id))
          await store.insertMany(fresh.map(asReferral), testCause)
          for (const d of fresh) held.set(d.id, d)
        }
        try {
          await add(initial)
          for (const s of steps) {
            if (s.kind === 'count') {
              const p = plans[s.filter]!
              // an engagement's list spans organisations: the first generated engagement id
              const engagementId = initial[0]?.engagementId as string | undefined
              const scope =
                s.engagement && engagementId ? { engagementId } : { organizationId: tenant as string }
              const expected = [...held.values()].filter(
                (d) =>
                  ('engagementId' in scope
                    ? d.engagementId === scope.engagementId
                    : d.organizationId === tenant) && evaluateFilter(p.filter, d),
              ).length
              const page = await store.list(scope, p)
              assert.equal(
                page.count,
                expected,
                `count of ${filters[s.filter] ?? 'everything'} in ${JSON.stringify(scope)}`,
              )
            } else if (s.kind === 'create') {
              if (held.has(s.doc.id)) continue
              await store.insert(asReferral(s.doc), testCause)
              held.set(s.doc.id, s.doc)
            } else if (s.kind === 'replace' || s.kind === 'stale replace') {
              const all = ids()
              if (all.length === 0) continue
              const old = held.get(all[s.target % all.length]!)!
              const next = {
                ...s.doc,
                id: old.id,
                organizationId: old.organizationId,
                eTag: `"w${s.target}"`,
              }
              const expected = s.kind === 'replace' ? String(old.eTag) : '"no such eTag"'
              const outcome = await store.replace(
                asReferral(next),
                asReferral({ ...old, eTag: expected }),
                testCause,
              )
              assert.equal(outcome, s.kind === 'replace' ? 'written' : 'stale')
              if (outcome === 'written') held.set(old.id, next)
            } else if (s.kind === 'other organisation') {
              const doc = { ...s.doc, organizationId: 'another-tenant' }
              if (held.has(doc.id)) continue
              await store.insert(asReferral(doc), testCause)
              held.set(doc.id, doc)
            } else if (s.kind === 'bulk') {
              await add(s.docs)
            } else {
              await store.reset()
              held.clear()
            }
          }
        } finally {
          await store.close()
        }
      },
    ),
    { numRuns: 150 },
  )
})

test('a write the store reports brings a kept count forward without counting again, triggers and all', () => {
  const db = new Database(':memory:')
  migrate(db)
  const counts = new KeptCounts(db)
  const insert = db.prepare(
    `INSERT INTO referrals (${rowColumns.join(', ')}) VALUES (${rowColumns.map(() => '?').join(', ')})`,
  )
  const member = (email: string) => ({ firstName: null, lastName: null, email, phoneNumber: null })
  const [first, second] = fc
    .sample(referralDocument, 2)
    .map((doc, i) => ({ ...doc, team: [member(`a${i}@x.example`), member(`b${i}@x.example`)] }))
  let counted = 0
  const ask = () =>
    counts.count('every referral', { organizationId: tenant }, undefined, () => {
      counted++
      return db.prepare('SELECT count(*) FROM referrals').pluck().get() as number
    })
  const write = (doc: GeneratedReferral) => {
    const mark = counts.mark()
    insert.run(...rowValues(asReferral(doc)))
    counts.wrote(undefined, asReferral(doc), mark)
  }
  assert.equal(ask(), 0)
  write(first!)
  assert.equal(ask(), 1)
  assert.equal(counted, 1, 'the insert (and its trigger’s two team rows) was followed, not recounted')
  db.prepare('DELETE FROM referrals').run() // a change the counts are not told of
  assert.equal(ask(), 0)
  assert.equal(counted, 2)
  write(second!)
  assert.equal(ask(), 1)
  assert.equal(counted, 2)
  db.close()
})

test('a count made elsewhere is kept only if no write went through since its mark', () => {
  const db = new Database(':memory:')
  migrate(db)
  const counts = new KeptCounts(db)
  const scope = { organizationId: tenant }
  const insert = db.prepare(
    `INSERT INTO referrals (${rowColumns.join(', ')}) VALUES (${rowColumns.map(() => '?').join(', ')})`,
  )
  const [first, second] = fc.sample(referralDocument, 2).map(asReferral)
  const atDispatch = counts.mark() // a reader counts 0 rows from here…
  const mark = counts.mark()
  insert.run(...rowValues(first!)) // …while a write goes through the main connection
  counts.wrote(undefined, first!, mark)
  assert.equal(counts.keep('every referral', scope, undefined, 0, atDispatch), 0, 'used once')
  assert.equal(counts.kept('every referral'), undefined, 'not kept: it was made before the write')
  const now = counts.mark()
  assert.equal(counts.keep('every referral', scope, undefined, 1, now), 1)
  assert.equal(counts.kept('every referral'), 1, 'kept: nothing was written since its mark')
  const before = counts.mark()
  insert.run(...rowValues(second!))
  counts.wrote(undefined, second!, before)
  assert.equal(counts.kept('every referral'), 2, 'and brought forward by the next write')
  db.close()
})
