import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { addDuration, formatDuration, parseDuration } from '../../../src/domain/time/duration.js'

const at = new Date('2026-01-31T10:00:00.000Z')

describe('ISO-8601 durations', () => {
  const moves: [string, string][] = [
    ['P14DT1H', '2026-02-14T11:00:00.000Z'],
    ['PT90M', '2026-01-31T11:30:00.000Z'],
    ['PT0.5S', '2026-01-31T10:00:00.500Z'],
    ['P2W', '2026-02-14T10:00:00.000Z'],
    ['p1d', '2026-02-01T10:00:00.000Z'],
    ['P1Y', '2027-01-31T10:00:00.000Z'],
    ['P1M', '2026-03-03T10:00:00.000Z'], // 31 February rolls over, as JavaScript's Date does
    ['PT0S', '2026-01-31T10:00:00.000Z'],
  ]
  for (const [text, expected] of moves) {
    test(`${text} moves ${at.toISOString()} to ${expected}`, () => {
      const duration = parseDuration(text)
      assert.ok(duration, `${text} did not parse`)
      assert.equal(addDuration(at, duration).toISOString(), expected)
    })
  }

  test('a leading minus is read as negative', () => {
    assert.equal(parseDuration('-P1D')?.negative, true)
  })

  for (const text of [
    '',
    'P',
    'PT',
    'P1DT',
    '14 days',
    'P1.5D',
    'T1H',
    'P1H',
    'PT1D',
    'P99999999999999999D',
  ]) {
    test(`'${text}' is not a duration`, () => {
      assert.equal(parseDuration(text), undefined)
    })
  }

  const spans: [number, string][] = [
    [0, 'PT0S'],
    [14 * 86_400_000 + 3_600_000, 'P14DT1H'],
    [90 * 60_000, 'PT1H30M'],
    [250, 'PT0.25S'],
    [-10 * 60_000, '-PT10M'],
    [86_400_000 + 1000, 'P1DT1S'],
  ]
  for (const [ms, text] of spans) {
    test(`${ms} ms is written ${text} and reads back`, () => {
      assert.equal(formatDuration(ms), text)
      const parsed = parseDuration(text)!
      assert.equal((parsed.negative ? -1 : 1) * parsed.milliseconds, ms)
    })
  }
})
