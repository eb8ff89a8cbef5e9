// Bringing a count forward over logged changes: which documents it needs, and the difference it
// makes, or none it can tell (a stamp the log does not carry, a missing document, a log that
// creates one referral twice).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fieldChanges } from '../../src/domain/change/field-changes.js'
import { referralCatalogue } from '../../src/domain/referral/field-catalogue.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import { checkFilter } from '../../src/query/check.js'
import type { Expr } from '../../src/query/index.js'
import { parseFilter } from '../../src/query/parser.js'
import { carriedDelta, documentsToCarry, type LoggedChange } from '../../src/store/count-carry.js'

function filter(text: string): Expr {
  const parsed = parseFilter(text)
  assert.ok(parsed.ok)
  const checked = checkFilter(parsed.value, { catalogue: referralCatalogue })
  assert.ok(checked.ok)
  return checked.value
}

const referral = (id: string, change: object = {}): Referral =>
  ({
    id,
    name: 'Deal',
    status: 'Active',
    substatus: 'Accepted',
    eTag: '"1"',
    updatedDateTime: '2026-01-01T00:00:00Z',
    customerProfile: { address: { country: 'US' } },
    details: { notes: null },
    ...change,
  }) as unknown as Referral

let seq = 0
const created = (doc: Referral): LoggedChange => ({
  seq: ++seq,
  kind: 'created',
  referralId: doc.id,
  fields: [],
})
const updated = (before: Referral, after: Referral): LoggedChange => ({
  seq: ++seq,
  kind: 'updated',
  referralId: after.id,
  fields: fieldChanges(before, after),
})

const active = filter("status eq 'Active'")
const country = filter("customerProfile/address/country eq 'US'")

test('an update of fields the filter does not read needs no document and changes nothing', () => {
  const a = referral('a')
  const renamed = referral('a', { name: 'Renamed', details: { notes: 'x' } })
  const changes = [updated(a, renamed)]
  assert.deepEqual(documentsToCarry(active, changes), [])
  assert.equal(carriedDelta(active, changes, new Map()), 0)
})

test('an update of a field the filter reads, or of the object holding it, is judged before and after', () => {
  const a = referral('a')
  const closed = referral('a', { status: 'Closed', substatus: 'Won' })
  const reopened = referral('a', { status: 'Active', substatus: 'Accepted', name: 'Again' })
  const moved = referral('a', { customerProfile: { address: null } })
  assert.deepEqual(documentsToCarry(active, [updated(a, closed)]), ['a'])
  assert.equal(carriedDelta(active, [updated(a, closed)], new Map([['a', closed]])), -1)
  assert.equal(
    carriedDelta(active, [updated(a, closed), updated(closed, reopened)], new Map([['a', reopened]])),
    0,
  )
  assert.deepEqual(
    documentsToCarry(country, [updated(a, moved)]),
    ['a'],
    'customerProfile.address holds the country',
  )
  assert.equal(carriedDelta(country, [updated(a, moved)], new Map([['a', moved]])), -1)
  assert.equal(carriedDelta(country, [updated(moved, a)], new Map([['a', a]])), 1)
})

test('a create counts when its document matches; no filter counts every create', () => {
  const [b, c] = [referral('b'), referral('c', { status: 'New' })]
  const changes = [created(b), created(c), updated(c, referral('c', { name: 'later' }))]
  assert.deepEqual(documentsToCarry(active, changes), ['b', 'c'])
  assert.equal(
    carriedDelta(
      active,
      changes,
      new Map([
        ['b', b],
        ['c', c],
      ]),
    ),
    1,
  )
  assert.equal(
    carriedDelta(
      undefined,
      changes,
      new Map([
        ['b', b],
        ['c', c],
      ]),
    ),
    2,
  )
})

test('what cannot be told is undefined: a stamp, a missing document, a second create', () => {
  const a = referral('a')
  const renamed = referral('a', { name: 'Renamed', updatedDateTime: '2026-02-01T00:00:00Z' })
  assert.equal(
    carriedDelta(
      filter('updatedDateTime gt 2026-01-15T00:00:00Z'),
      [updated(a, renamed)],
      new Map([['a', renamed]]),
    ),
    undefined,
  )
  assert.equal(
    carriedDelta(
      filter('updatedDateTime gt 2026-01-15T00:00:00Z'),
      [created(renamed)],
      new Map([['a', renamed]]),
    ),
    1,
  )
  assert.equal(carriedDelta(active, [updated(a, referral('a', { status: 'New' }))], new Map()), undefined)
  assert.equal(carriedDelta(active, [created(a), created(a)], new Map([['a', a]])), undefined)
})
