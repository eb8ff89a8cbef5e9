// The fields a filter reads: every path from the root, a lambda's collection (its variable's paths
// are inside it), function arguments and `in` operands; none for no filter.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'
import { checkFilter } from '../../src/query/check.js'
import { filterPaths } from '../../src/query/filter-paths.js'
import { parseFilter } from '../../src/query/parser.js'

function pathsOf(filter: string): string[] {
  const parsed = parseFilter(filter)
  assert.ok(parsed.ok)
  const checked = checkFilter(parsed.value, { catalogue: referralCatalogue })
  assert.ok(checked.ok, checked.ok ? '' : checked.problems[0]?.message)
  return filterPaths(checked.value).map((segments) => segments.join('/'))
}

test('each path a filter reads, in the catalogue’s spelling', () => {
  assert.deepEqual(pathsOf("Status eq 'Active' and not (details/dealValue add 1 gt 5)"), [
    'status',
    'details/dealValue',
  ])
  assert.deepEqual(pathsOf("contains(tolower(customerProfile/address/city), 'red')"), [
    'customerProfile/address/city',
  ])
  assert.deepEqual(pathsOf("substatus in ('Won', 'Lost') or -details/dealValue lt 0"), [
    'substatus',
    'details/dealValue',
  ])
  assert.deepEqual(pathsOf('updatedDateTime gt 2026-01-01T00:00:00Z'), ['updatedDateTime'])
})

test('a lambda reads its collection, and what its predicate reads from the root', () => {
  assert.deepEqual(pathsOf("team/any(t: t/email eq 'a@b.c' and status eq 'New')"), ['team', 'status'])
  assert.deepEqual(pathsOf('customerProfile/team/any()'), ['customerProfile/team'])
})

test('no filter reads nothing', () => {
  assert.deepEqual(filterPaths(undefined), [])
})
