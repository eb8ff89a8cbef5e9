// Throttle budgets kept in Redis: two throttles (two servers) on one Redis spend one budget, the
// take is atomic under concurrent calls, buckets expire once full again, and with Redis down or
// silent every call is let through with one warning, never an error or a wait.
import assert from 'node:assert/strict'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { after, describe, test } from 'node:test'
import type { CallClass, ThrottleProfile } from '../../src/domain/throttle/throttle-profile.js'
import { Throttle } from '../../src/service/throttle/throttle.js'
import { RedisBuckets } from '../../src/throttle-redis/redis-buckets.js'
import { deleteKeys, keyTtlMs, redisUnavailable, testRedisUrl, uniqueKeyPrefix } from '../support/redis.js'
import { closedPort } from '../support/closed-port.js'
import { tenantA, tenantB } from '../support/tokens.js'

const unavailable = await redisUnavailable()
if (unavailable) console.log(`# skipping the Redis throttle tests: ${unavailable}`)

// a token every 6 minutes: no test runs long enough for a refill to matter
const tenPerHour: ThrottleProfile = { profile: 'custom', read: { limit: 10, periodSeconds: 3600 } }

const opened: RedisBuckets[] = []
const prefixes: string[] = []
after(async () => {
  for (const buckets of opened) await buckets.close()
  if (!unavailable) for (const prefix of prefixes) await deleteKeys(prefix)
})

async function servers(count: number, profile: ThrottleProfile, url = testRedisUrl) {
  const keyPrefix = uniqueKeyPrefix()
  prefixes.push(keyPrefix)
  const warnings: string[] = []
  const throttles: Throttle[] = []
  for (let i = 0; i < count; i++) {
    const buckets = await RedisBuckets.open(url, {
      keyPrefix,
      warn: (m) => warnings.push(m),
      connectWaitMs: 300,
    })
    opened.push(buckets)
    throttles.push(new Throttle(profile, buckets))
  }
  return { throttles, warnings, keyPrefix }
}

async function passed(throttle: Throttle, tenant: string, callClass: CallClass, count: number) {
  let n = 0
  for (let i = 0; i < count; i++) if ((await throttle.admit(tenant, callClass)) === undefined) n++
  return n
}

describe('throttle budgets in Redis', { skip: unavailable ?? false }, () => {
  test('two servers on one Redis spend one budget: 6 calls on each of 10 allowed pass 10 times', async () => {
    const { throttles, warnings } = await servers(2, tenPerHour)
    const [one, two] = throttles as [Throttle, Throttle]
    const answers = []
    for (let i = 0; i < 6; i++)
      answers.push(await one.admit(tenantA, 'read'), await two.admit(tenantA, 'read'))
    const refusals = answers.filter((a) => a !== undefined)
    assert.equal(answers.length - refusals.length, 10)
    assert.equal(refusals.length, 2)
    for (const refusal of refusals) {
      assert.equal(refusal.budget, 'read')
      assert.deepEqual(refusal.limit, { limit: 10, periodSeconds: 3600 })
      assert.ok(
        refusal.retryAfterSeconds > 300 && refusal.retryAfterSeconds <= 360,
        `${refusal.retryAfterSeconds}`,
      )
    }
    assert.equal(await passed(one, tenantB, 'read', 11), 10) // another tenant has a budget of its own
    assert.equal(await passed(two, tenantA, 'write', 5), 5) // writes are not limited by this profile
    assert.deepEqual(warnings, [])
  })

  test('concurrent calls from both servers take exactly the budget', async () => {
    const { throttles } = await servers(2, tenPerHour)
    const calls = Array.from({ length: 30 }, async (_, i) => throttles[i % 2]!.admit(tenantA, 'read'))
    const answers = await Promise.all(calls)
    assert.equal(answers.filter((a) => a === undefined).length, 10)
  })

  test('a call on two budgets takes from both or neither, and is told to wait for the later token', async () => {
    const { throttles } = await servers(1, {
      profile: 'custom',
      calls: { limit: 2, periodSeconds: 3600 },
      write: { limit: 1, periodSeconds: 7200 },
    })
    const throttle = throttles[0]!
    assert.equal(await throttle.admit(tenantA, 'write'), undefined)
    assert.equal((await throttle.admit(tenantA, 'write'))?.budget, 'write') // refused: calls keeps its token
    assert.equal(await throttle.admit(tenantA, 'read'), undefined) // …which this read takes
    assert.equal((await throttle.admit(tenantA, 'write'))?.budget, 'write') // 2 h beats 30 min
  })

  test('a bucket expires when it would be full again, and a changed profile starts full', async () => {
    const { throttles, keyPrefix } = await servers(1, tenPerHour)
    const throttle = throttles[0]!
    await passed(throttle, tenantA, 'read', 3)
    const ttl = await keyTtlMs(`${keyPrefix}{${tenantA}}:read:10/3600`)
    assert.ok(ttl > 0 && ttl <= 3 * 360_000, `${ttl}`) // three tokens, 6 minutes each
    await passed(throttle, tenantA, 'read', 10)
    throttle.override(tenantA, { profile: 'custom', read: { limit: 3, periodSeconds: 3600 } })
    assert.equal(await passed(throttle, tenantA, 'read', 5), 3)
  })
})

describe('throttle budgets in Redis, Redis unreachable', () => {
  test('Redis down: every call is let through, with one warning', { timeout: 20_000 }, async () => {
    const port = await closedPort()
    const { throttles, warnings } = await servers(1, tenPerHour, `redis://127.0.0.1:${port}`)
    assert.equal(await passed(throttles[0]!, tenantA, 'read', 20), 20)
    assert.equal(warnings.length, 1, warnings.join('\n'))
    assert.match(warnings[0]!, /Redis \(REDIS_URL\)/)
  })

  test(
    'Redis silent (a port that accepts and never answers): calls are let through, not held',
    { timeout: 20_000 },
    async () => {
      const { server, port, sockets } = await silentServer()
      try {
        const { throttles, warnings } = await servers(1, tenPerHour, `redis://127.0.0.1:${port}`)
        assert.equal(await passed(throttles[0]!, tenantA, 'read', 20), 20)
        assert.equal(warnings.length, 1, warnings.join('\n'))
      } finally {
        for (const socket of sockets) socket.destroy()
        server.close()
      }
    },
  )
})

describe('throttle budgets in Redis, Redis back', { skip: unavailable ?? false }, () => {
  test(
    'when Redis comes back the client reconnects by itself and budgets count again',
    { timeout: 30_000 },
    async () => {
      const port = await closedPort()
      const { throttles, keyPrefix } = await servers(1, tenPerHour, `redis://127.0.0.1:${port}`)
      const throttle = throttles[0]!
      assert.equal(await passed(throttle, tenantA, 'read', 12), 12) // down: let through, nothing counted
      const proxy = await redisProxy(port) // Redis reachable on that port from now on
      try {
        let counted = false
        for (let attempt = 0; attempt < 200 && !counted; attempt++) {
          await throttle.admit(tenantB, 'read')
          counted = (await keyTtlMs(`${keyPrefix}{${tenantB}}:read:10/3600`)) > 0
          if (!counted) await new Promise((resolve) => setTimeout(resolve, 50))
        }
        assert.ok(counted, 'the client did not reconnect within 10 s')
        assert.equal(await passed(throttle, tenantA, 'read', 12), 10)
      } finally {
        proxy.close()
      }
    },
  )
})

/** Forwards `port` to the test Redis until closed. */
async function redisProxy(port: number): Promise<{ close(): void }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => {
    const upstream = connect(6379, '127.0.0.1')
    sockets.push(socket, upstream)
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    close: () => {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}

async function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port, sockets }
}
