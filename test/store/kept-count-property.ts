// The property every store's kept counts answer to: random referrals, random filters, and a random
// run of creates, replaces, counts and changes a count may not see coming (another organisation's
// rows, a bulk load, a reset, a write through another server); every count the store answers equals
// the in-memory evaluator's count over what the store holds at that moment.
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import { evaluateFilter, parseQueryOptions, type ListPlan } from '../../src/query/index.js'
import type { ReferralStore } from '../../src/store/referral-store.js'
import { testCause } from '../support/change-cause.js'
import {
  referralDocument,
  referralDocuments,
  validFilter,
  type GeneratedReferral,
} from '../query/arbitraries.js'
import { context, tenant } from '../query/sql-harness.js'

/** Where a run counts (`here`) and writes (`here` or `there`, the same data through another server), emptied for each run. */
export interface CountedStores {
  readonly here: ReferralStore
  readonly there: ReferralStore
  /** Called after each run. */
  done(): Promise<void>
}

type Step =
  | { readonly kind: 'count'; readonly filter: number; readonly engagement: boolean }
  | { readonly kind: 'create'; readonly doc: GeneratedReferral; readonly there: boolean }
  | {
      readonly kind: 'replace'
      readonly target: number
      readonly doc: GeneratedReferral
      readonly there: boolean
    }
  | { readonly kind: 'edit'; readonly target: number; readonly name: string; readonly there: boolean }
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
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      doc: referralDocument,
      there: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      target: fc.nat(),
      doc: referralDocument,
      there: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      target: fc.nat(),
      name: fc.constantFrom('renamed', 'Contoso', 'a'),
      there: fc.boolean(),
    }),
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

/** Runs the property `numRuns` times, on stores `open` answers empty each run. */
export async function keptCountsStayExact(
  open: () => Promise<CountedStores>,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      referralDocuments(12),
      fc.array(fc.option(validFilter, { nil: undefined, freq: 4 }), { minLength: 4, maxLength: 4 }),
      fc.array(step, { minLength: 1, maxLength: 30 }),
      async (initial, filters, steps) => {
        const stores = await open()
        const { here } = stores
        const through = (s: { readonly there: boolean }) => (s.there ? stores.there : here)
        const plans = filters.map(plan)
        const held = new Map<string, GeneratedReferral>() // what the store holds, by id
        const ids = () => [...held.keys()]
        const add = async (docs: GeneratedReferral[]) => {
          const fresh = docs.filter((d) => !held.has(d.id))
          await here.insertMany(fresh.map(asReferral), testCause)
          for (const d of fresh) held.set(d.id, d)
        }
        /** Replaces the referral at `target` with `next(old)` expecting `eTag`: whether it was written. */
        const replace = async (
          store: ReferralStore,
          target: number,
          eTag: (old: GeneratedReferral) => string,
          next: (old: GeneratedReferral) => GeneratedReferral,
        ): Promise<boolean | undefined> => {
          const all = ids()
          if (all.length === 0) return undefined
          const old = held.get(all[target % all.length]!)!
          const written = next(old)
          const outcome = await store.replace(
            asReferral(written),
            asReferral({ ...old, eTag: eTag(old) }),
            testCause,
          )
          if (outcome === 'written') held.set(old.id, written)
          return outcome === 'written'
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
              const page = await here.list(scope, p)
              assert.equal(
                page.count,
                expected,
                `count of ${filters[s.filter] ?? 'everything'} in ${JSON.stringify(scope)}`,
              )
            } else if (s.kind === 'create') {
              if (held.has(s.doc.id)) continue
              await through(s).insert(asReferral(s.doc), testCause)
              held.set(s.doc.id, s.doc)
            } else if (s.kind === 'replace' || s.kind === 'stale replace') {
              const written = await replace(
                s.kind === 'replace' ? through(s) : here,
                s.target,
                (old) => (s.kind === 'replace' ? String(old.eTag) : '"no such eTag"'),
                (old) => ({
                  ...s.doc,
                  id: old.id,
                  organizationId: old.organizationId,
                  eTag: `"w${s.target}"`,
                }),
              )
              if (written !== undefined) assert.equal(written, s.kind === 'replace')
            } else if (s.kind === 'edit') {
              const written = await replace(
                through(s),
                s.target,
                (old) => String(old.eTag),
                (old) => ({
                  ...old,
                  name: s.name,
                  eTag: `"e${s.target}"`,
                  updatedDateTime: '2026-06-01T00:00:00Z',
                }),
              )
              if (written !== undefined) assert.ok(written)
            } else if (s.kind === 'other organisation') {
              const doc = { ...s.doc, organizationId: 'another-tenant' }
              if (held.has(doc.id)) continue
              await here.insert(asReferral(doc), testCause)
              held.set(doc.id, doc)
            } else if (s.kind === 'bulk') {
              await add(s.docs)
            } else {
              await here.reset()
              held.clear()
            }
          }
        } finally {
          await stores.done()
        }
      },
    ),
    { numRuns },
  )
}
