import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalDate, canonicalDateTime, storedDateTimeText } from '../../src/query/datetime.js'

test('date-time literals become UTC text with 7 fractional digits', () => {
  assert.equal(canonicalDateTime('2024-03-01T10:00:00Z'), '2024-03-01T10:00:00.0000000Z')
  assert.equal(canonicalDateTime('2024-03-01T10:00Z'), '2024-03-01T10:00:00.0000000Z')
  assert.equal(canonicalDateTime('2024-03-01T01:30:00.25+02:00'), '2024-02-29T23:30:00.2500000Z')
  assert.equal(canonicalDateTime('2024-03-01'), '2024-03-01T00:00:00.0000000Z')
  assert.equal(canonicalDateTime('0050-01-01T00:00:00Z'), '0050-01-01T00:00:00.0000000Z')
})

test('impossible instants are refused', () => {
  for (const text of [
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00+25:00',
    'soon',
  ]) {
    assert.equal(canonicalDateTime(text), undefined, text)
  }
  assert.equal(canonicalDate('2024-02-29'), '2024-02-29')
  assert.equal(canonicalDate('2023-02-29'), undefined)
})

test('stored text is padded the way the SQL expression pads it', () => {
  assert.equal(storedDateTimeText('2024-11-14T00:00:00Z'), '2024-11-14T00:00:00.0000000Z')
  assert.equal(storedDateTimeText('2024-11-14T00:00:00.5Z'), '2024-11-14T00:00:00.5000000Z')
  assert.equal(storedDateTimeText('2024-11-14T00:00:00.1234567Z'), '2024-11-14T00:00:00.1234567Z')
})
