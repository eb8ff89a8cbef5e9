// Retry-After values as RFC 9110 §10.2.3 allows them: delay-seconds, or an HTTP-date in any of its
// three forms, read against the response's Date; anything else is no Retry-After at all.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseHttpDate, retryAfterMs } from '../../src/client/index.js'

const now = Date.UTC(2026, 2, 1, 10, 0, 0)
const headers = (values: Record<string, string>) => new Headers(values)

describe('Retry-After', () => {
  test('the three HTTP-date forms name the same instant', () => {
    const instant = Date.UTC(1994, 10, 6, 8, 49, 37)
    for (const text of [
      'Sun, 06 Nov 1994 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
    ])
      assert.equal(parseHttpDate(text, now), instant, text)
  })

  test('a two-digit year more than 50 years ahead is the most recent past one', () => {
    assert.equal(parseHttpDate('Monday, 01-Mar-76 00:00:00 GMT', now), Date.UTC(2076, 2, 1))
    assert.equal(parseHttpDate('Friday, 01-Mar-77 00:00:00 GMT', now), Date.UTC(1977, 2, 1))
  })

  test('what is not an HTTP-date is refused, not guessed', () => {
    for (const text of [
      'Sun, 31 Feb 2026 08:49:37 GMT',
      'Sun, 06 Foo 1994 08:49:37 GMT',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:49:37 +0000',
      '2026-03-01T10:00:00Z',
    ])
      assert.equal(parseHttpDate(text, now), undefined, text)
  })

  test('delay-seconds, an HTTP-date against the Date header or the local clock, or nothing usable', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '120' }), now), 120_000)
    assert.equal(retryAfterMs(headers({ 'retry-after': '1.5' }), now), 1500)
    const date = 'Sun, 01 Mar 2026 09:00:00 GMT' // the server's clock, an hour behind ours
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Sun, 01 Mar 2026 09:00:05 GMT', date }), now), 5000)
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Sun, 01 Mar 2026 10:00:05 GMT' }), now), 5000)
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Sun, 01 Mar 2026 09:59:00 GMT' }), now), 0)
    for (const bad of ['-1', 'soon', '1e3', ''])
      assert.equal(retryAfterMs(headers({ 'retry-after': bad }), now), undefined, bad)
    assert.equal(retryAfterMs(headers({}), now), undefined)
  })
})
