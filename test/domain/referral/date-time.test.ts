import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  formatServerDateTime,
  formatUserDateTime,
  parseIsoDateTime,
} from '../../../src/domain/referral/date-time.js'

test('user dates are echoed in UTC as whole seconds', () => {
  const cases: [string, string][] = [
    ['2024-11-14T00:00:00Z', '2024-11-14T00:00:00Z'],
    ['2024-11-14', '2024-11-14T00:00:00Z'],
    ['2024-11-14T02:30:00+02:00', '2024-11-14T00:30:00Z'],
    ['2024-11-14T00:00:00.1234567Z', '2024-11-14T00:00:00Z'],
    ['2024-11-14T10:00', '2024-11-14T10:00:00Z'],
  ]
  for (const [input, expected] of cases)
    assert.equal(formatUserDateTime(parseIsoDateTime(input)!), expected, input)
})

test('text that is not an ISO-8601 date is refused', () => {
  for (const input of ['2024-02-30', 'March 7, 2020', '2024-13-01', '', '20241114', '2024-11-14T25:00:00Z']) {
    assert.equal(parseIsoDateTime(input), undefined, input)
  }
})

test('server timestamps carry seven fractional digits', () => {
  assert.equal(formatServerDateTime(new Date('2022-02-28T17:27:47.875Z')), '2022-02-28T17:27:47.8750000Z')
})
