// team/any(t: t/email eq '…') is answered from the table of team emails that triggers keep (migration
// 6): through inserts, replaces that change teams, other organisations and resets, every answer
// equals the in-memory evaluator's over the documents the store holds.
import { testCause } from '../support/change-cause.js'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import { compileListQuery, evaluateFilter, parseQueryOptions, sqlite } from '../../src/query/index.js'
import { referralTable } from '../../src/store/sqlite/list.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import {
  emails,
  randomCase,
  referralDocument,
  referralDocuments,
  validFilter,
  type GeneratedReferral,
} from '../query/arbitraries.js'
import { context, tenant } from '../query/sql-harness.js'

const teamFilter = fc
  .tuple(
    fc.constantFrom(...emails).chain(randomCase),
    fc.boolean(),
    fc.boolean(),
    fc.option(validFilter, { nil: undefined }),
  )
  .map(([email, negated, reversed, other]) => {
    const compare = reversed ? `'${email}' eq t/email` : `t/email eq '${email}'`
    const any = `${negated ? 'not ' : ''}team/any(t: ${compare})`
    return other === undefined ? any : `(${any}) and (${other})`
  })

const asReferral = (doc: GeneratedReferral) => doc as unknown as Referral

test('the team email table answers as the evaluator does, through inserts, replaces and resets', async () => {
  await fc.assert(
    fc.asyncProperty(
      referralDocuments(15),
      fc.array(fc.tuple(fc.nat(), referralDocument), { maxLength: 6 }),
      fc.array(teamFilter, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      async (docs, replacements, filters, reset) => {
        const store = SqliteReferralStore.open(':memory:')
        try {
          const held = new Map(docs.map((d) => [d.id, d]))
          await store.insertMany(docs.map(asReferral), testCause)
          const other = { ...docs[0]!, id: 'ffffffff-0000-4000-8000-000000000000', organizationId: 'another' }
          if (docs.length > 0) await store.insert(asReferral(other), testCause)
          for (const [n, doc] of replacements) {
            if (docs.length === 0) break
            const old = held.get(docs[n % docs.length]!.id)!
            const next = { ...doc, id: old.id, organizationId: tenant, eTag: `"r${n}"` }
            assert.equal(await store.replace(asReferral(next), asReferral(old), testCause), 'written')
            held.set(old.id, next)
          }
          if (reset) {
            await store.reset()
            held.clear()
            // the same ids again, with other teams, as a snapshot restore brings them back
            const again = replacements.map(([n, doc], i) => ({
              ...doc,
              id: docs[(n + i) % docs.length]?.id ?? doc.id,
            }))
            const unique = [...new Map(again.map((d) => [d.id, { ...d, organizationId: tenant }])).values()]
            await store.insertMany(unique.map(asReferral), testCause)
            for (const d of unique) held.set(d.id, d)
          }
          for (const filter of filters) {
            const planned = parseQueryOptions({ $filter: filter, $top: '100' }, context)
            assert.ok(planned.ok, filter)
            const expected = [...held.values()]
              .filter((d) => evaluateFilter(planned.value.filter, d))
              .map((d) => d.id)
              .sort()
            const page = await store.list({ organizationId: tenant }, planned.value)
            assert.deepEqual(page.stored.map((s) => s.id).sort(), expected, filter)
            assert.equal(page.count, expected.length, filter)
          }
        } finally {
          await store.close()
        }
      },
    ),
    { numRuns: 200 },
  )
})

test('the store compiles the filter to a lookup in the table, not a walk through documents', () => {
  const planned = parseQueryOptions({ $filter: "team/any(t: t/email eq 'Sue@Fabrikam.com')" }, context)
  assert.ok(planned.ok)
  const scope = { scope: { column: 'organization_id', value: tenant } }
  const { count } = compileListQuery(planned.value, sqlite, referralTable, scope)
  assert.match(count.sql, /"id" IN \(SELECT "referral_id" FROM "referral_team_emails" WHERE "email" = \?\)/)
  assert.doesNotMatch(count.sql, /json_each/)
  assert.deepEqual(count.params, [tenant, 'sue@fabrikam.com'])
})
