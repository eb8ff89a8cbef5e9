// Overrides saved by one server reach another's throttle by reloadThrottleOverrides: changed
// tenants start full under their new profile, unchanged ones keep their buckets.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import type { ThrottleProfile } from '../../../src/domain/throttle/throttle-profile.js'
import { MemoryBuckets } from '../../../src/service/throttle/memory-buckets.js'
import {
  clearTenantThrottle,
  loadThrottle,
  reloadThrottleOverrides,
  setTenantThrottle,
} from '../../../src/service/throttle/throttle-settings.js'
import type { Throttle } from '../../../src/service/throttle/throttle.js'
import { SqliteReferralStore } from '../../../src/store/sqlite/store.js'
import { ManualMonotonicClock } from '../../support/test-app.js'
import { tenantA, tenantB } from '../../support/tokens.js'

const store = SqliteReferralStore.open(':memory:') // the database both servers share
after(() => store.close())

const twoReads: ThrottleProfile = { profile: 'custom', read: { limit: 2, periodSeconds: 60 } }

const server = () => loadThrottle(store, { profile: 'off' }, new MemoryBuckets(new ManualMonotonicClock()))

function reads(throttle: Throttle, tenant: string, count: number): number {
  let passed = 0
  for (let i = 0; i < count; i++) if (throttle.admit(tenant, 'read') === undefined) passed++
  return passed
}

test("another server's overrides apply after a reload; unchanged tenants keep their spent buckets", async () => {
  const [one, two] = [await server(), await server()]
  await setTenantThrottle({ store, throttle: one }, tenantA, twoReads)
  assert.deepEqual(two.profileOf(tenantA), { profile: 'off' })
  await reloadThrottleOverrides(store, two)
  assert.deepEqual(two.profileOf(tenantA), twoReads)
  assert.equal(two.active, true)
  assert.equal(reads(two, tenantA, 3), 2)

  await setTenantThrottle({ store, throttle: one }, tenantB, { profile: 'connector' })
  await reloadThrottleOverrides(store, two)
  assert.equal(reads(two, tenantA, 1), 0) // tenant A's profile did not change: its bucket is still empty

  await clearTenantThrottle({ store, throttle: one }, tenantA)
  await clearTenantThrottle({ store, throttle: one }, tenantB)
  await reloadThrottleOverrides(store, two)
  assert.deepEqual(two.overridden(), [])
  assert.equal(two.active, false)
})
