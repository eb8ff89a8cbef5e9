import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeSkipToken, encodeSkipToken } from '../../src/query/paging-token.js'
import { parseQueryOptions } from '../../src/query/options.js'
import { context } from './sql-harness.js'

const cursor = { keys: ['2024-03-01T10:00:00.0000000Z', 'contoso', 12.5, true, null, 'abc'], served: 100 }

test('a token round-trips its cursor', () => {
  const token = encodeSkipToken(cursor, 'fp', 'key')
  assert.deepEqual(decodeSkipToken(token, 'fp', 'key', 6), { ok: true, value: cursor })
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
})

const refusals: readonly {
  name: string
  token: (valid: string) => string
  fingerprint?: string
  key?: string
  keys?: number
}[] = [
  {
    name: 'a changed payload',
    token: (valid) =>
      `${Buffer.from(JSON.stringify({ v: 1, f: 'fp', k: [], n: 0 })).toString('base64url')}.${valid.split('.')[1]}`,
  },
  { name: 'a changed signature', token: (valid) => `${valid.slice(0, -2)}AA` },
  { name: 'another key', token: (valid) => valid, key: 'other' },
  { name: 'garbage', token: () => 'not-a-token' },
  { name: 'too many dots', token: (valid) => `${valid}.x` },
  { name: 'an empty token', token: () => '' },
  { name: 'a different number of keys', token: (valid) => valid, keys: 2 },
]

for (const refusal of refusals) {
  test(`a token with ${refusal.name} is refused without throwing`, () => {
    const valid = encodeSkipToken(cursor, 'fp', 'key')
    const result = decodeSkipToken(
      refusal.token(valid),
      refusal.fingerprint ?? 'fp',
      refusal.key ?? 'key',
      refusal.keys ?? 6,
    )
    assert.deepEqual(result, {
      ok: false,
      problems: [
        {
          option: '$skiptoken',
          message: '$skiptoken: not a token this service issued; follow @odata.nextLink exactly as returned',
        },
      ],
    })
  })
}

test('a signed token of another query is refused with its own message', () => {
  const token = encodeSkipToken(cursor, 'fp', 'key')
  const result = decodeSkipToken(token, 'other-fp', 'key', 6)
  assert.ok(!result.ok)
  assert.match(
    result.problems[0]?.message ?? '',
    /belongs to a different \$filter, \$orderby, \$top or \$skip/,
  )
})

test('parseQueryOptions checks the token against the request it arrives with', () => {
  const first = parseQueryOptions({ $filter: "status eq 'New'" }, context)
  assert.ok(first.ok)
  const token = encodeSkipToken(
    { keys: ['2024-03-01T10:00:00.0000000Z', 'a'], served: 100 },
    first.value.fingerprint,
    context.pagingKey,
  )
  const same = parseQueryOptions({ $filter: "status eq 'new'", $skiptoken: token }, context)
  assert.ok(same.ok)
  assert.deepEqual(same.value.cursor, { keys: ['2024-03-01T10:00:00.0000000Z', 'a'], served: 100 })
  assert.ok(!parseQueryOptions({ $filter: "status eq 'Active'", $skiptoken: token }, context).ok)
  assert.ok(
    !parseQueryOptions({ $filter: "status eq 'New'", $skiptoken: token }, { ...context, scope: 'tenant-b' })
      .ok,
  )
})
