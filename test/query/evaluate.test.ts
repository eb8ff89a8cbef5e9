import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkFilter } from '../../src/query/check.js'
import { compareByOrder, evaluateFilter } from '../../src/query/evaluate.js'
import { parseFilter } from '../../src/query/parser.js'
import { parseOrderBy } from '../../src/query/order-by.js'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'

function matches(filter: string, doc: unknown): boolean {
  const parsed = parseFilter(filter)
  assert.ok(parsed.ok)
  const checked = checkFilter(parsed.value, { catalogue: referralCatalogue })
  assert.ok(checked.ok, checked.ok ? '' : checked.problems[0]?.message)
  return evaluateFilter(checked.value, doc)
}

const doc = {
  name: null,
  status: 'Active',
  details: { dealValue: 10, closingDateTime: '2024-11-14T00:00:00Z' },
  customerProfile: { name: 'Contoso Inc', team: [] },
  team: null,
}

const cases: readonly [string, boolean][] = [
  ['name eq null', true],
  ["name ne 'x'", true],
  ["name gt 'a'", false],
  ["not (name gt 'a')", true],
  ["contains(name, 'x')", false],
  ["not contains(name, 'x')", true],
  ["customerProfile/name eq 'CONTOSO INC'", true],
  ["startswith(customerProfile/name, 'contoso') and endswith(customerProfile/name, 'INC')", true],
  ['details/closingDateTime eq 2024-11-14T00:00:00.0000000Z', true],
  ['details/closingDateTime gt 2024-11-13T23:59:59.9999999Z', true],
  ['details/dealValue div 0 eq null', true],
  ['details/dealValue mod 3 eq 1', true],
  ['details/dealValue div 4 eq 2.5', true],
  ['team/any()', false],
  ["team/all(t: t/email eq 'x')", true],
  ["customerProfile/team/any(t: t/email eq 'x')", false],
  ["length(customerProfile/name) eq 11 and indexof(customerProfile/name, 'Inc') eq 8", true],
  ["substring(customerProfile/name, -2, 3) eq 'Con' and substring(customerProfile/name, 8) eq 'Inc'", true],
  [
    'year(details/closingDateTime) eq 2024 and month(details/closingDateTime) eq 11 and hour(details/closingDateTime) eq 0',
    true,
  ],
  ['date(details/closingDateTime) eq 2024-11-14', true],
]

for (const [filter, expected] of cases) {
  test(`evaluate: ${filter} is ${expected}`, () => {
    assert.equal(matches(filter, doc), expected)
  })
}

test('sorting puts nulls first ascending and last descending, then orders by id', () => {
  const docs = [
    { id: 'b', details: { dealValue: 5 } },
    { id: 'a', details: { dealValue: null } },
    { id: 'c', details: { dealValue: 5 } },
    { id: 'd', details: {} },
  ]
  const ascending = parseOrderBy('details/dealValue', referralCatalogue)
  const descending = parseOrderBy('details/dealValue desc', referralCatalogue)
  assert.ok(ascending.ok && descending.ok)
  assert.deepEqual(
    [...docs].sort(compareByOrder(ascending.value)).map((d) => d.id),
    ['a', 'd', 'b', 'c'],
  )
  assert.deepEqual(
    [...docs].sort(compareByOrder(descending.value)).map((d) => d.id),
    ['b', 'c', 'a', 'd'],
  )
})
