// Two servers (two apps, each on its own store) with one REDIS_URL: a tenant's calls through
// either spend one budget, and the 429 is the same as a single server's.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import type { ThrottleProfile } from '../../src/domain/throttle/throttle-profile.js'
import { RedisBuckets } from '../../src/throttle-redis/redis-buckets.js'
import { deleteKeys, redisUnavailable, testRedisUrl, uniqueKeyPrefix } from '../support/redis.js'
import { collectionUrl, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

const unavailable = await redisUnavailable()
if (unavailable) console.log(`# skipping the shared-throttle HTTP test: ${unavailable}`)

const keyPrefix = uniqueKeyPrefix()
const closing: { close(): Promise<void> }[] = []
after(async () => {
  for (const item of closing) await item.close()
  if (!unavailable) await deleteKeys(keyPrefix)
})

const tenPerHour: ThrottleProfile = { profile: 'custom', read: { limit: 10, periodSeconds: 3600 } }

async function server(): Promise<TestApp> {
  const throttleBuckets = await RedisBuckets.open(testRedisUrl, { keyPrefix, warn: (m) => assert.fail(m) })
  const app = await makeTestApp({ throttle: tenPerHour, throttleBuckets })
  closing.push(throttleBuckets, app)
  return app
}

describe('throttling shared through Redis', { skip: unavailable ?? false }, () => {
  test('a tenant calling two servers gets one budget: of 6 reads on each, 10 pass and 2 answer 429', async () => {
    const apps = [await server(), await server()]
    const statuses: number[] = []
    const retryAfter: string[] = []
    for (let i = 0; i < 6; i++)
      for (const t of apps) {
        const res = await send(t.app, 'GET', collectionUrl)
        statuses.push(res.statusCode)
        if (res.statusCode === 429) retryAfter.push(String(res.headers['retry-after']))
      }
    assert.deepEqual(statuses.slice(0, 10), Array<number>(10).fill(200))
    assert.deepEqual(statuses.slice(10), [429, 429])
    for (const seconds of retryAfter) assert.ok(Number(seconds) > 300 && Number(seconds) <= 360, seconds)
  })
})
