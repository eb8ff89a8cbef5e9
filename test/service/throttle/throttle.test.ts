// The throttle on a clock moved by hand: exact at the bucket boundary, budgets and tenants apart,
// a refused call costs nothing, overrides start full, and the bucket table stays bounded.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CallClass, ThrottleProfile } from '../../../src/domain/throttle/throttle-profile.js'
import { MemoryBuckets, type ThrottleLimits } from '../../../src/service/throttle/memory-buckets.js'
import type { Admission } from '../../../src/service/throttle/throttle-buckets.js'
import { refusalDetail, Throttle } from '../../../src/service/throttle/throttle.js'
import { ManualMonotonicClock } from '../../support/test-app.js'
import { tenantA, tenantB } from '../../support/tokens.js'

const readWrite: ThrottleProfile = {
  profile: 'custom',
  read: { limit: 3, periodSeconds: 60 }, // a read token every 20 s
  write: { limit: 2, periodSeconds: 10 }, // a write token every 5 s
}

function throttleOn(profile: ThrottleProfile, limits?: ThrottleLimits) {
  const clock = new ManualMonotonicClock()
  const buckets = new MemoryBuckets(clock, limits)
  return { clock, buckets, throttle: new Throttle(profile, buckets) }
}

/** The in-process buckets answer at once. */
function admit(throttle: Throttle, tenant: string, callClass: CallClass): Admission {
  const admission = throttle.admit(tenant, callClass)
  assert.ok(!(admission instanceof Promise))
  return admission
}

/** How many of `count` calls pass, all at the same instant. */
function passing(throttle: Throttle, tenant: string, callClass: CallClass, count: number): number {
  let passed = 0
  for (let i = 0; i < count; i++) if (!admit(throttle, tenant, callClass)) passed++
  return passed
}

describe('throttle', () => {
  test('limit N: N calls pass, the N+1st is refused with the wait for the next token', () => {
    const { throttle } = throttleOn(readWrite)
    assert.equal(passing(throttle, tenantA, 'read', 3), 3)
    assert.deepEqual(admit(throttle, tenantA, 'read'), {
      budget: 'read',
      limit: { limit: 3, periodSeconds: 60 },
      retryAfterSeconds: 20,
    })
  })

  test('after Retry-After the call passes again; a millisecond before it does not', () => {
    const { throttle, clock } = throttleOn(readWrite)
    passing(throttle, tenantA, 'read', 3)
    clock.advance(19_999)
    assert.equal(admit(throttle, tenantA, 'read')?.retryAfterSeconds, 1)
    clock.advance(1)
    assert.equal(admit(throttle, tenantA, 'read'), undefined)
    assert.equal(admit(throttle, tenantA, 'read')?.retryAfterSeconds, 20) // that token was the only one
  })

  test('a refused call consumes nothing: calls refused while waiting do not push the wait back', () => {
    const { throttle, clock } = throttleOn(readWrite)
    passing(throttle, tenantA, 'read', 3)
    for (let second = 0; second < 19; second++) {
      assert.ok(admit(throttle, tenantA, 'read'))
      clock.advance(1_000)
    }
    clock.advance(1_000)
    assert.equal(admit(throttle, tenantA, 'read'), undefined)
  })

  test('read and write budgets are independent', () => {
    const { throttle } = throttleOn(readWrite)
    assert.equal(passing(throttle, tenantA, 'write', 5), 2)
    assert.equal(admit(throttle, tenantA, 'write')?.retryAfterSeconds, 5)
    assert.equal(passing(throttle, tenantA, 'read', 5), 3) // writes spent nothing of the reads
    assert.equal(admit(throttle, tenantA, 'write')?.budget, 'write') // nor reads of the writes
  })

  test('tenants are independent', () => {
    const { throttle } = throttleOn(readWrite)
    assert.equal(passing(throttle, tenantA, 'read', 4), 3)
    assert.equal(passing(throttle, tenantB, 'read', 4), 3)
  })

  test('connector: 100 calls per 60 s, reads and writes together', () => {
    const { throttle, clock } = throttleOn({ profile: 'connector' })
    assert.equal(passing(throttle, tenantA, 'read', 60), 60)
    assert.equal(passing(throttle, tenantA, 'write', 60), 40)
    const refusal = admit(throttle, tenantA, 'read')
    assert.deepEqual(refusal, {
      budget: 'calls',
      limit: { limit: 100, periodSeconds: 60 },
      retryAfterSeconds: 1,
    })
    clock.advance(600) // one token every 0.6 s
    assert.equal(passing(throttle, tenantA, 'write', 2), 1)
  })

  test('a call on two budgets takes from both or neither, and waits for the longer', () => {
    const { throttle, clock } = throttleOn({
      profile: 'custom',
      calls: { limit: 2, periodSeconds: 60 },
      write: { limit: 1, periodSeconds: 10 },
    })
    assert.equal(admit(throttle, tenantA, 'write'), undefined)
    assert.equal(admit(throttle, tenantA, 'write')?.budget, 'write') // refused: calls keeps its token
    assert.equal(admit(throttle, tenantA, 'read'), undefined) // …which this read takes
    clock.advance(10_000)
    assert.deepEqual(admit(throttle, tenantA, 'write'), {
      budget: 'calls',
      limit: { limit: 2, periodSeconds: 60 },
      retryAfterSeconds: 20,
    })
  })

  test('off admits everything and is inactive; an override that is not off makes it active', () => {
    const { throttle } = throttleOn({ profile: 'off' })
    assert.equal(throttle.active, false)
    assert.equal(passing(throttle, tenantA, 'write', 1000), 1000)
    throttle.override(tenantB, { profile: 'connector' })
    assert.equal(throttle.active, true)
    assert.equal(passing(throttle, tenantA, 'write', 1000), 1000)
    assert.equal(passing(throttle, tenantB, 'write', 101), 100)
    throttle.override(tenantB, { profile: 'off' })
    assert.equal(throttle.active, false)
    throttle.override(tenantB, undefined)
    assert.deepEqual(throttle.profileOf(tenantB), { profile: 'off' })
  })

  test('an override applies from the next call with its budgets full; removing it restores the default', () => {
    const { throttle } = throttleOn(readWrite)
    passing(throttle, tenantA, 'read', 3)
    throttle.override(tenantA, { profile: 'custom', read: { limit: 5, periodSeconds: 60 } })
    assert.equal(passing(throttle, tenantA, 'read', 6), 5)
    assert.equal(passing(throttle, tenantA, 'write', 10), 10) // the override limits no writes
    throttle.override(tenantA, undefined)
    assert.equal(passing(throttle, tenantA, 'read', 4), 3)
  })

  test('buckets that have refilled are forgotten, so many tenants keep a bounded table', () => {
    const { throttle, buckets, clock } = throttleOn(readWrite, { maxTenants: 1000, sweepFloor: 8 })
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 8; i++) admit(throttle, `tenant-${round}-${i}`, 'read')
      clock.advance(60_000) // every bucket so far is full again
    }
    assert.ok(buckets.trackedTenants <= 16, `${buckets.trackedTenants} tenants kept`)
  })

  test('past maxTenants the oldest are forgotten even when busy: memory is bounded', () => {
    const { throttle, buckets } = throttleOn(readWrite, { maxTenants: 100, sweepFloor: 8 })
    for (let i = 0; i < 5_000; i++) admit(throttle, `tenant-${i}`, 'read')
    assert.ok(buckets.trackedTenants <= 100, `${buckets.trackedTenants} tenants kept`)
    assert.equal(passing(throttle, 'tenant-4999', 'read', 3), 2) // the newest are kept
  })

  test('the journal line names the budget, the tenant, the limit and the wait', () => {
    assert.equal(
      refusalDetail(tenantA, {
        budget: 'write',
        limit: { limit: 2, periodSeconds: 10 },
        retryAfterSeconds: 5,
      }),
      `write budget of tenant ${tenantA} exhausted (2 per 10 s); Retry-After 5 s`,
    )
  })
})
