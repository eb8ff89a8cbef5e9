// The token bucket's arithmetic at its boundaries, on exact numbers: 3 calls per 60 s means a
// token every 20 s, so the 4th call waits exactly 20 s and one millisecond earlier is still too soon.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  fullBucket,
  isFull,
  refill,
  retryAfterSeconds,
  takeToken,
  tokens,
  waitForTokenMs,
  type Bucket,
} from '../../../src/domain/throttle/token-bucket.js'

const budget = { limit: 3, periodSeconds: 60 }

function drained(at: number): Bucket {
  let bucket = fullBucket(budget, at)
  for (let i = 0; i < budget.limit; i++) bucket = takeToken(refill(bucket, budget, at), budget)
  return bucket
}

describe('token bucket', () => {
  test('a full bucket holds limit tokens: limit calls take one each, then none is left', () => {
    let bucket = fullBucket(budget, 0)
    for (let i = 0; i < budget.limit; i++) {
      const refilled = refill(bucket, budget, 0)
      assert.equal(waitForTokenMs(refilled, budget), 0, `call ${i + 1} of ${budget.limit}`)
      bucket = takeToken(refilled, budget)
    }
    assert.equal(tokens(bucket, budget), 0)
    assert.equal(waitForTokenMs(refill(bucket, budget, 0), budget), 20_000)
  })

  test('the next token comes after period / limit: not a millisecond before', () => {
    const bucket = drained(0)
    assert.equal(waitForTokenMs(refill(bucket, budget, 20_000), budget), 0)
    assert.ok(waitForTokenMs(refill(bucket, budget, 19_999), budget) > 0)
    assert.equal(retryAfterSeconds(waitForTokenMs(refill(bucket, budget, 19_999), budget)), 1)
    assert.equal(retryAfterSeconds(waitForTokenMs(refill(bucket, budget, 1), budget)), 20)
  })

  test('tokens refill evenly and never past the limit', () => {
    const bucket = drained(0)
    assert.equal(tokens(refill(bucket, budget, 40_000), budget), 2)
    assert.equal(tokens(refill(bucket, budget, 10_000), budget), 0.5)
    assert.equal(tokens(refill(bucket, budget, 3_600_000), budget), budget.limit)
  })

  test('a clock read that goes back adds nothing and does not move the bucket back', () => {
    const bucket = takeToken(refill(fullBucket(budget, 5_000), budget, 5_000), budget)
    assert.deepEqual(refill(bucket, budget, 4_000), bucket)
  })

  test('a bucket is full once it has refilled to its limit, and only then', () => {
    const bucket = drained(0)
    assert.equal(isFull(bucket, budget, 59_999), false)
    assert.equal(isFull(bucket, budget, 60_000), true)
    assert.equal(isFull(fullBucket(budget, 0), budget, 0), true)
  })

  test('waits stay exact where floating-point thirds would not: 2 per 60 s, drained, 10 s on', () => {
    const two = { limit: 2, periodSeconds: 60 }
    let bucket = fullBucket(two, 0)
    bucket = takeToken(refill(bucket, two, 0), two)
    bucket = takeToken(refill(bucket, two, 0), two)
    const wait = waitForTokenMs(refill(bucket, two, 10_000), two)
    assert.equal(wait, 20_000)
    assert.equal(retryAfterSeconds(wait), 20)
  })

  test('Retry-After is the wait in whole seconds, rounded up, at least 1', () => {
    const cases: [number, number][] = [
      [0.4, 1],
      [999, 1],
      [1_000, 1],
      [1_001, 2],
      [57_000, 57],
      [8_571.43, 9],
    ]
    for (const [waitMs, seconds] of cases) assert.equal(retryAfterSeconds(waitMs), seconds, `${waitMs} ms`)
  })
})
