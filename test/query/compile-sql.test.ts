import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkFilter } from '../../src/query/check.js'
import { compileFilter } from '../../src/query/compile-sql.js'
import { postgres } from '../../src/query/dialects/postgres.js'
import { sqlite } from '../../src/query/dialects/sqlite.js'
import { parseFilter } from '../../src/query/parser.js'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'
import { table } from './sql-harness.js'

type Expected = { readonly sql: string; readonly params: readonly unknown[] }
const team = (dialect: 'sqlite' | 'postgres'): string =>
  dialect === 'sqlite'
    ? `json_each(CASE json_type("doc", '$.team') WHEN 'array' THEN json_extract("doc", '$.team') ELSE '[]' END) AS e1`
    : `jsonb_array_elements(CASE jsonb_typeof("doc"->'team') WHEN 'array' THEN "doc"->'team' ELSE '[]'::jsonb END) AS e1(value)`

const cases: readonly { name: string; filter: string; sqlite: Expected; postgres: Expected }[] = [
  {
    name: 'an enum column compares exactly with the canonical spelling',
    filter: "status eq 'new'",
    sqlite: { sql: '"status" = ?', params: ['New'] },
    postgres: { sql: '"status" = $1::text', params: ['New'] },
  },
  {
    name: 'an unquoted GUID uses the engagement_id column',
    filter: 'engagementId eq 1352E03D-0000-4000-8000-00000000ABCD',
    sqlite: { sql: '"engagement_id" = ?', params: ['1352e03d-0000-4000-8000-00000000abcd'] },
    postgres: { sql: '"engagement_id" = $1::text', params: ['1352e03d-0000-4000-8000-00000000abcd'] },
  },
  {
    name: 'a JSON string compares case-insensitively',
    filter: "customerProfile/address/country eq 'US'",
    sqlite: { sql: `lower(json_extract("doc", '$.customerProfile.address.country')) = ?`, params: ['us'] },
    postgres: {
      sql: `lower(("doc"->'customerProfile'->'address'->>'country') COLLATE "C") = $1::text`,
      params: ['us'],
    },
  },
  {
    name: 'ne on a nullable value is null-safe',
    filter: "name ne 'X'",
    sqlite: { sql: `lower(json_extract("doc", '$.name')) IS NOT ?`, params: ['x'] },
    postgres: { sql: `lower(("doc"->>'name') COLLATE "C") IS DISTINCT FROM $1::text`, params: ['x'] },
  },
  {
    name: 'a negated ordering comparison stays false on null',
    filter: 'not (details/dealValue gt 5)',
    sqlite: { sql: `NOT COALESCE(json_extract("doc", '$.details.dealValue') > ?, FALSE)`, params: [5] },
    postgres: {
      sql: `NOT COALESCE(CAST("doc"->'details'->>'dealValue' AS double precision) > $1::double precision, FALSE)`,
      params: [5],
    },
  },
  {
    name: 'a negated comparison on a column inverts the operator',
    filter: 'not (createdDateTime lt 2024-03-01T10:00:00Z)',
    sqlite: { sql: '"created_date_time" >= ?', params: ['2024-03-01T10:00:00.0000000Z'] },
    postgres: {
      sql: '"created_date_time" COLLATE "C" >= $1::text',
      params: ['2024-03-01T10:00:00.0000000Z'],
    },
  },
  {
    name: 'any over a JSON array',
    filter: "team/any(t: t/email eq 'R2D2@contoso.com')",
    sqlite: {
      sql: `EXISTS (SELECT 1 FROM ${team('sqlite')} WHERE lower(json_extract(e1.value, '$.email')) = ?)`,
      params: ['r2d2@contoso.com'],
    },
    postgres: {
      sql: `EXISTS (SELECT 1 FROM ${team('postgres')} WHERE lower((e1.value->>'email') COLLATE "C") = $1::text)`,
      params: ['r2d2@contoso.com'],
    },
  },
  {
    name: 'all is "no element fails"',
    filter: "team/all(t: t/email eq 'x')",
    sqlite: {
      sql: `NOT EXISTS (SELECT 1 FROM ${team('sqlite')} WHERE lower(json_extract(e1.value, '$.email')) IS NOT ?)`,
      params: ['x'],
    },
    postgres: {
      sql: `NOT EXISTS (SELECT 1 FROM ${team('postgres')} WHERE lower((e1.value->>'email') COLLATE "C") IS DISTINCT FROM $1::text)`,
      params: ['x'],
    },
  },
  {
    name: 'not in on a column',
    filter: "not (status in ('New', 'Active'))",
    sqlite: { sql: '"status" NOT IN (?, ?)', params: ['New', 'Active'] },
    postgres: { sql: '"status" NOT IN ($1::text, $2::text)', params: ['New', 'Active'] },
  },
  {
    name: 'contains is a case-insensitive position test',
    filter: "contains(name, 'Contoso')",
    sqlite: { sql: `instr(lower(json_extract("doc", '$.name')), ?) > 0`, params: ['contoso'] },
    postgres: { sql: `strpos(lower(("doc"->>'name') COLLATE "C"), $1::text) > 0`, params: ['contoso'] },
  },
  {
    name: 'a boolean property as a condition',
    filter: 'favorite and not isSpam',
    sqlite: {
      sql: `(json_extract("doc", '$.favorite') IS 1 AND json_extract("doc", '$.isSpam') IS NOT 1)`,
      params: [],
    },
    postgres: {
      sql: `(CAST("doc"->>'favorite' AS boolean) IS TRUE AND CAST("doc"->>'isSpam' AS boolean) IS NOT TRUE)`,
      params: [],
    },
  },
  {
    name: 'eq null is IS NULL',
    filter: 'referralSource eq null or status eq null',
    sqlite: { sql: `(json_extract("doc", '$.referralSource') IS NULL OR FALSE)`, params: [] },
    postgres: { sql: `(("doc"->>'referralSource') IS NULL OR FALSE)`, params: [] },
  },
  {
    name: 'div is floating-point and null on zero',
    filter: 'details/dealValue div 2 gt 1',
    sqlite: {
      sql: `(CAST(json_extract("doc", '$.details.dealValue') AS REAL) / NULLIF(?, 0)) > ?`,
      params: [2, 1],
    },
    postgres: {
      sql: `(CAST(CAST("doc"->'details'->>'dealValue' AS double precision) AS double precision) / NULLIF($1::double precision, 0)) > $2::double precision`,
      params: [2, 1],
    },
  },
  {
    name: 'booleans bind as 1/0 in SQLite',
    filter: 'favorite eq true',
    sqlite: { sql: `json_extract("doc", '$.favorite') = ?`, params: [1] },
    postgres: { sql: `CAST("doc"->>'favorite' AS boolean) = $1::boolean`, params: [true] },
  },
  {
    name: 'a scalar array element',
    filter: "tags/any(x: x eq 'A')",
    sqlite: {
      sql: `EXISTS (SELECT 1 FROM json_each(CASE json_type("doc", '$.tags') WHEN 'array' THEN json_extract("doc", '$.tags') ELSE '[]' END) AS e1 WHERE lower(e1.value) = ?)`,
      params: ['a'],
    },
    postgres: {
      sql: `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof("doc"->'tags') WHEN 'array' THEN "doc"->'tags' ELSE '[]'::jsonb END) AS e1(value) WHERE lower(((e1.value #>> '{}')) COLLATE "C") = $1::text)`,
      params: ['a'],
    },
  },
]

function compile(filter: string, dialect: typeof sqlite) {
  const parsed = parseFilter(filter)
  assert.ok(parsed.ok)
  const checked = checkFilter(parsed.value, { catalogue: referralCatalogue })
  assert.ok(checked.ok, checked.ok ? '' : checked.problems[0]?.message)
  return compileFilter(checked.value, dialect, table)
}

for (const { name, filter, ...expected } of cases) {
  for (const dialect of [sqlite, postgres]) {
    test(`compile (${dialect.name}): ${name}`, () => {
      const compiled = compile(filter, dialect)
      assert.deepEqual({ sql: compiled.sql, params: compiled.params }, expected[dialect.name])
    })
  }
}

test('values never reach the SQL text, whatever they contain', () => {
  const hostile = "x'' or 1 eq 1 --; /* DROP TABLE referrals */"
  for (const dialect of [sqlite, postgres]) {
    const compiled = compile(`name eq '${hostile}' and contains(customerProfile/name, '%_\\')`, dialect)
    assert.doesNotMatch(compiled.sql, /DROP|--|\/\*|or 1|%/)
    assert.deepEqual(compiled.params, ["x' or 1 eq 1 --; /* drop table referrals */", '%_\\'])
  }
})

test('the same placeholder order holds when an expression is written twice', () => {
  const compiled = compile("substring(name, 1) in ('a', null)", sqlite)
  const placeholders = compiled.sql.split('?').length - 1
  assert.equal(placeholders, compiled.params.length)
  assert.deepEqual(compiled.params, [2, 'a', 2])
})

test('a chain of mod writes each operand once, so its SQL grows linearly', () => {
  for (const dialect of [sqlite, postgres]) {
    const compiled = compile(`details/dealValue${' mod 3'.repeat(12)} eq 1`, dialect)
    assert.equal(compiled.params.length, 13, dialect.name)
    assert.ok(compiled.sql.length < 3000, `${dialect.name}: ${compiled.sql.length} characters`)
  }
})
