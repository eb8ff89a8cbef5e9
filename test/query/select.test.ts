import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applySelect } from '../../src/query/select.js'

const referral = {
  id: 'a',
  name: 'Deal',
  status: 'Active',
  customerProfile: { name: 'Contoso', size: null, address: { city: 'Redmond', country: 'US' }, team: [] },
  team: [{ email: 'x' }],
  details: null,
}

test('top-level paths keep the members in their original order', () => {
  assert.deepEqual(Object.keys(applySelect(referral, [['status'], ['id']])), ['id', 'status'])
})

test('nested paths return the parent trimmed', () => {
  assert.deepEqual(
    applySelect(referral, [['id'], ['customerProfile', 'name'], ['customerProfile', 'address', 'country']]),
    {
      id: 'a',
      customerProfile: { name: 'Contoso', address: { country: 'US' } },
    },
  )
})

test('a parent selected whole wins over its nested paths, in either order', () => {
  const whole = { customerProfile: referral.customerProfile }
  assert.deepEqual(applySelect(referral, [['customerProfile', 'name'], ['customerProfile']]), whole)
  assert.deepEqual(applySelect(referral, [['customerProfile'], ['customerProfile', 'name']]), whole)
})

test('a nested path under null or an array keeps the value as it is', () => {
  assert.deepEqual(
    applySelect(referral, [
      ['details', 'dealValue'],
      ['team', 'email'],
    ]),
    { team: [{ email: 'x' }], details: null },
  )
})

test('no selection returns a copy of everything', () => {
  const copy = applySelect(referral, undefined)
  assert.deepEqual(copy, referral)
  assert.notEqual(copy, referral)
})
