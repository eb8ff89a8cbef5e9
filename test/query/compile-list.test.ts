import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { compileListQuery } from '../../src/query/compile-list.js'
import { postgres } from '../../src/query/dialects/postgres.js'
import { sqlite } from '../../src/query/dialects/sqlite.js'
import { parseQueryOptions, type RawQuery } from '../../src/query/options.js'
import { encodeSkipToken } from '../../src/query/paging-token.js'
import { referralTable } from '../../src/store/postgres/store.js'
import { context, listThroughDatabase, openSqlite, table, tenant } from './sql-harness.js'

function plan(raw: RawQuery) {
  const result = parseQueryOptions(raw, context)
  assert.ok(result.ok, result.ok ? '' : result.problems[0]?.message)
  return result.value
}

test('the default listing selects the order keys and seeks by created time', () => {
  const first = plan({ $filter: "status eq 'Active'" })
  const token = encodeSkipToken(
    { keys: ['2024-03-01T10:00:00.0000000Z', 'abc'], served: 100 },
    first.fingerprint,
    context.pagingKey,
  )
  const next = plan({ $filter: "status eq 'Active'", $skiptoken: token })
  const compiled = compileListQuery(next, sqlite, table, {
    scope: { column: 'organization_id', value: tenant },
  })
  assert.equal(
    compiled.rows.sql,
    'SELECT "doc" AS doc, "created_date_time" AS k0, "id" AS k1 FROM "referrals" WHERE "organization_id" = ? AND "status" = ? ' +
      'AND ("created_date_time" <= ? AND (("created_date_time" < ?) OR ("created_date_time" = ? AND "id" > ?))) ' +
      'ORDER BY "created_date_time" DESC, "id" ASC LIMIT ? OFFSET ?',
  )
  const at = '2024-03-01T10:00:00.0000000Z'
  assert.deepEqual(compiled.rows.params, [tenant, 'Active', at, at, at, 'abc', 101, 0])
  assert.equal(
    compiled.count.sql,
    'SELECT COUNT(*) AS count FROM "referrals" WHERE "organization_id" = ? AND "status" = ?',
  )
  assert.deepEqual(compiled.count.params, [tenant, 'Active'])
  assert.equal(compiled.keyCount, 2)
})

test('PostgreSQL orders nullable keys explicitly and text by code point', () => {
  const compiled = compileListQuery(plan({ $orderby: 'details/dealValue desc,name' }), postgres, table)
  assert.equal(
    compiled.rows.sql,
    `SELECT "doc" AS doc, CAST("doc"->'details'->>'dealValue' AS double precision) AS k0, lower(("doc"->>'name') COLLATE "C") COLLATE "C" AS k1, "id" COLLATE "C" AS k2 ` +
      `FROM "referrals" ORDER BY CAST("doc"->'details'->>'dealValue' AS double precision) DESC NULLS LAST, lower(("doc"->>'name') COLLATE "C") COLLATE "C" ASC NULLS FIRST, "id" COLLATE "C" ASC ` +
      'LIMIT $1::integer OFFSET $2::integer',
  )
})

test('a keyset after null values: nulls come first ascending and last descending', () => {
  const first = plan({ $orderby: 'details/dealValue desc,name asc' })
  const token = encodeSkipToken(
    { keys: [null, null, 'abc'], served: 1 },
    first.fingerprint,
    context.pagingKey,
  )
  const compiled = compileListQuery(
    plan({ $orderby: 'details/dealValue desc,name asc', $skiptoken: token }),
    sqlite,
    table,
  )
  const value = `json_extract("doc", '$.details.dealValue')`
  const name = `lower(json_extract("doc", '$.name'))`
  assert.match(
    compiled.rows.sql,
    new RegExp(
      `WHERE \\(\\(${escape(`${value} IS NULL AND ${name} IS NOT NULL`)}\\) OR \\(${escape(`${value} IS NULL AND ${name} IS NULL AND "id" > ?`)}\\)\\)`,
    ),
  )
  assert.deepEqual(compiled.rows.params, ['abc', 101, 0])
})

// The PostgreSQL store's layout, whose team email table leads its key with the organisation.
test('a team member lookup repeats the organisation the list is scoped to, and matches it beside the id', () => {
  const filter = plan({ $filter: "team/any(t: t/email eq 'Ann@Example.com')" })
  const lookup = (column: string, value: string) =>
    compileListQuery(filter, postgres, referralTable, { scope: { column, value } }).count
  assert.deepEqual(lookup('organization_id', tenant), {
    sql:
      'SELECT COUNT(*) AS count FROM "referrals" WHERE "organization_id" = $1::text AND ("organization_id", "id") IN ' +
      '(SELECT "organization_id", "referral_id" FROM "referral_team_emails" WHERE "organization_id" = $2::text AND "email" = $3::text)',
    params: [tenant, tenant, 'ann@example.com'],
  })
  assert.deepEqual(lookup('engagement_id', 'e1'), {
    sql:
      'SELECT COUNT(*) AS count FROM "referrals" WHERE "engagement_id" = $1::text AND ("organization_id", "id") IN ' +
      '(SELECT "organization_id", "referral_id" FROM "referral_team_emails" WHERE "email" = $2::text)',
    params: ['e1', 'ann@example.com'],
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const harness = openSqlite()
after(() => harness.close())

function referrals(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    engagementId: '00000000-0000-4000-8000-0000000000e1',
    organizationId: tenant,
    name: `Deal ${index % 7}`,
    createdDateTime: `2024-03-01T10:${String(Math.floor(index / 10) % 60).padStart(2, '0')}:00.0000000Z`,
    updatedDateTime: '2024-03-01T10:00:00.0000000Z',
    status: index % 2 === 0 ? 'Active' : 'New',
    substatus: 'Accepted',
    type: 'Shared',
    direction: 'Outgoing',
    qualification: 'None',
    eTag: '"e"',
    details: { dealValue: index % 5 === 0 ? null : index },
  }))
}

test('$top=250 spans pages of at most 100 and stops at 250', async () => {
  await harness.load(referrals(300))
  const listing = await listThroughDatabase(harness, { $top: '250' }, 100)
  assert.equal(listing.ids.length, 250)
  assert.equal(listing.pages, 3)
  assert.equal(new Set(listing.ids).size, 250)
  assert.equal(listing.count, 300)
})

test('paging without $top visits every row once, in order, with $skip applied once', async () => {
  await harness.load(referrals(230))
  const listing = await listThroughDatabase(harness, { $skip: '5', $orderby: 'details/dealValue desc' }, 100)
  assert.equal(listing.ids.length, 225)
  assert.equal(listing.pages, 3)
  assert.equal(new Set(listing.ids).size, 225)
})

test('$top=0 serves no rows and no next link, but still counts', async () => {
  await harness.load(referrals(3))
  const listing = await listThroughDatabase(harness, { $top: '0' }, 100)
  assert.deepEqual(listing, { ids: [], count: 3, pages: 1 })
})
