// Back-off between webhook delivery attempts (src/domain/webhook/retry-delay.ts).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retryDelayMs } from '../../../src/domain/webhook/retry-delay.js'

const settings = { baseMs: 2000, maxMs: 600_000, maxAttempts: 12 }

test('the wait doubles from the base each failed attempt, between half and all of its ceiling, and stops at the cap', () => {
  const cases: [attempts: number, ceiling: number][] = [
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [9, 512_000],
    [10, 600_000],
    [40, 600_000],
  ]
  for (const [attempts, ceiling] of cases) {
    assert.equal(retryDelayMs(attempts, settings, 0), ceiling / 2, `attempt ${attempts}, no jitter`)
    assert.equal(
      retryDelayMs(attempts, settings, 0.999_999),
      Math.round(ceiling - (ceiling / 2) * 0.000_001),
      `attempt ${attempts}, most jitter`,
    )
  }
})
