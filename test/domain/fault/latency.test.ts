// A fault's delay is drawn from its distribution by the rule's seeded generator: the same seed
// gives the same delays, every draw stays within 0–60 s, and each shape keeps its mean.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Latency } from '../../../src/domain/fault/fault-rule.js'
import { drawLatency } from '../../../src/domain/fault/latency.js'
import { seededRandom } from '../../../src/domain/sandbox/random.js'

const draws = (latency: Latency, seed: number, count = 2_000): number[] => {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => drawLatency(latency, random))
}
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

describe('fault latency', () => {
  const shapes: readonly Latency[] = [
    { distribution: 'fixed', ms: 120 },
    { distribution: 'uniform', min: 100, max: 300 },
    { distribution: 'normal', mean: 200, stddev: 40 },
    { distribution: 'lognormal', mean: 200, stddev: 100 },
  ]

  for (const latency of shapes) {
    test(`${latency.distribution}: the same seed gives the same delays, another seed others`, () => {
      assert.deepEqual(draws(latency, 5, 50), draws(latency, 5, 50))
      if (latency.distribution !== 'fixed') assert.notDeepEqual(draws(latency, 5, 50), draws(latency, 6, 50))
    })
  }

  test('uniform stays within min and max, around their middle', () => {
    const values = draws({ distribution: 'uniform', min: 100, max: 300 }, 1)
    assert.ok(values.every((v) => v >= 100 && v <= 300))
    assert.ok(Math.abs(mean(values) - 200) < 10, `mean ${mean(values)}`)
  })

  test('normal and lognormal keep the mean they were given; lognormal is never negative', () => {
    const normal = draws({ distribution: 'normal', mean: 200, stddev: 40 }, 2)
    assert.ok(Math.abs(mean(normal) - 200) < 5, `normal mean ${mean(normal)}`)
    const lognormal = draws({ distribution: 'lognormal', mean: 200, stddev: 100 }, 3)
    assert.ok(Math.abs(mean(lognormal) - 200) < 12, `lognormal mean ${mean(lognormal)}`)
    assert.ok(lognormal.every((v) => v >= 0))
  })

  test('every draw is clamped to 0–60,000 ms', () => {
    const values = draws({ distribution: 'normal', mean: 59_000, stddev: 20_000 }, 4)
    assert.ok(values.every((v) => v >= 0 && v <= 60_000))
    assert.ok(values.includes(60_000))
    assert.ok(draws({ distribution: 'normal', mean: 10, stddev: 1_000 }, 4).includes(0))
  })
})
