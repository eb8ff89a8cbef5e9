import { test } from 'node:test'
import assert from 'node:assert/strict'
import { printAst } from '../../src/query/ast.js'
import { parseQueryOptions, type RawQuery } from '../../src/query/options.js'
import { context } from './sql-harness.js'

function plan(raw: RawQuery) {
  const result = parseQueryOptions(raw, context)
  assert.ok(result.ok, result.ok ? '' : result.problems.map((p) => p.message).join('; '))
  return result.value
}

function problems(raw: RawQuery): string[] {
  const result = parseQueryOptions(raw, context)
  assert.ok(!result.ok, 'expected problems')
  return result.problems.map((p) => p.message)
}

const order = (raw: RawQuery): string[] =>
  plan(raw).orderBy.map((key) => `${key.path.join('/')} ${key.direction}`)

test('without options: every referral, newest first, id as tie-break, no count', () => {
  const value = plan({})
  assert.equal(value.filter, undefined)
  assert.deepEqual(order({}), ['createdDateTime desc', 'id asc'])
  assert.equal(value.skip, 0)
  assert.equal(value.top, undefined)
  assert.equal(value.count, false)
  assert.equal(value.select, undefined)
})

test('$orderby takes several keys, asc/desc in any case, and always ends with id', () => {
  assert.deepEqual(order({ $orderby: 'details/dealValue DESC, customerProfile/Name' }), [
    'details/dealValue desc',
    'customerProfile/name asc',
    'id asc',
  ])
  assert.deepEqual(order({ $orderby: 'updatedDateTime asc,updatedDateTime desc' }), [
    'updatedDateTime asc',
    'id asc',
  ])
  assert.deepEqual(order({ $orderby: 'id desc,name' }), ['id desc'])
})

test('$orderby problems name the offset and what was expected', () => {
  assert.deepEqual(problems({ $orderby: 'team' }), [
    "$orderby: 'team' at offset 0 is a collection; order by one of its single values",
  ])
  assert.deepEqual(problems({ $orderby: 'name upward' }), [
    "$orderby: expected 'asc', 'desc', ',' or end of input at offset 5, found 'upward'",
  ])
  assert.deepEqual(problems({ $orderby: 'name,' }), [
    '$orderby: expected a property name at offset 5, found end of input',
  ])
  assert.deepEqual(problems({ $orderby: 'nmae' }), [
    "$orderby: unknown property 'nmae' at offset 0; did you mean 'name'?",
  ])
})

test('the query options themselves are case-insensitive, and legacy ones are ignored', () => {
  const value = plan({
    $Filter: "status eq 'New'",
    $TOP: '5',
    pagesize: '10',
    $expand: 'anything',
    $format: 'json',
  })
  assert.equal(
    printAst(value.filter ?? { kind: 'literal', literal: 'null', value: null, offset: 0 }),
    "(eq (path status) 'New')",
  )
  assert.equal(value.top, 5)
})

test('$top, $skip and $count are read and checked', () => {
  const value = plan({ $top: '250', $skip: '3', $count: 'TRUE' })
  assert.deepEqual([value.top, value.skip, value.count], [250, 3, true])
  assert.deepEqual(problems({ $top: '-1', $skip: '1.5', $count: 'yes' }), [
    "$top: expected a whole number of 0 or more, found '-1'",
    "$skip: expected a whole number of 0 or more, found '1.5'",
    "$count: expected true or false, found 'yes'",
  ])
  assert.deepEqual(problems({ $top: '99999999999999999999' }), [
    "$top: expected a whole number of 0 or more, found '99999999999999999999'",
  ])
})

test('$search is answered with a pointer to contains()', () => {
  assert.deepEqual(problems({ $search: 'contoso' }), [
    "$search: not supported; filter with contains(), e.g. $filter=contains(name,'Contoso')",
  ])
})

test('unknown and repeated options are problems; other parameters are not ours', () => {
  assert.match(
    problems({ $apply: 'x' })[0] ?? '',
    /^\$apply: unsupported query option; expected one of \$filter/,
  )
  assert.deepEqual(problems({ $top: ['1', '2'] }), ['$top: given more than once'])
  assert.deepEqual(problems({ $top: '1', $Top: '2' }), ['$top: given more than once'])
  assert.ok(parseQueryOptions({ 'api-version': '1' }, context).ok)
})

test('an option longer than 8 KB is refused before it is parsed', () => {
  const long = `name eq '${'x'.repeat(8200)}'`
  assert.deepEqual(problems({ $filter: long }), [`$filter: longer than 8192 characters (${long.length})`])
  assert.ok(parseQueryOptions({ $filter: long }, { ...context, limits: { maxOptionLength: 10_000 } }).ok)
})

test('problems from several options arrive together', () => {
  const messages = problems({ $filter: 'nmae eq 1', $orderby: 'team', $top: 'x' })
  assert.equal(messages.length, 3)
})

test('$select keeps the catalogue spelling and * means everything', () => {
  assert.deepEqual(plan({ $select: 'id,Status,customerProfile/name' }).select, [
    ['id'],
    ['status'],
    ['customerProfile', 'name'],
  ])
  assert.equal(plan({ $select: '*' }).select, undefined)
  assert.deepEqual(problems({ $select: 'id,nmae' }), [
    "$select: unknown property 'nmae' at offset 3; did you mean 'name'?",
  ])
  assert.deepEqual(problems({ $select: 'id status' }), [
    "$select: expected ',' or end of input at offset 3, found 'status'",
  ])
})

test('the fingerprint follows filter, order, $top and $skip but not spelling', () => {
  const a = plan({ $filter: "status eq 'new'" }).fingerprint
  assert.equal(plan({ $FILTER: "Status EQ 'NEW'" }).fingerprint, a)
  assert.notEqual(plan({ $filter: "status eq 'Active'" }).fingerprint, a)
  assert.notEqual(plan({ $filter: "status eq 'new'", $orderby: 'name' }).fingerprint, a)
  assert.notEqual(plan({ $filter: "status eq 'new'", $top: '5' }).fingerprint, a)
  const other = parseQueryOptions({ $filter: "status eq 'new'" }, { ...context, scope: 'tenant-b' })
  assert.ok(other.ok)
  assert.notEqual(other.value.fingerprint, a)
})
