// Issue 10 item 4: what the throttle costs on the hot path. GET by id against three servers on
// copies of one seeded data set, measured in turn, round after round: COSELL_THROTTLE=off (the hook
// reads one flag); off with an override for another tenant (the hook is consulted: one Map lookup,
// no bucket); and a custom profile so generous it never refuses (every call refills and takes a token).
// Then the hook alone, in-process, called half a million times under each: the differences are
// smaller than a busy two-core machine's drift between load measurements. With Redis reachable
// (BENCH_REDIS_URL, default the local one) the generous profile runs a fourth time with its
// budgets in Redis (REDIS_URL), and the shared buckets' take is timed in-process, one call at a
// time and many under way at once.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { readThrottleText } from '../../src/domain/throttle/throttle-text.js'
import type { ThrottleProfile } from '../../src/domain/throttle/throttle-profile.js'
import { throttleHook } from '../../src/http/throttling.js'
import { systemMonotonicClock } from '../../src/service/ports.js'
import { MemoryBuckets } from '../../src/service/throttle/memory-buckets.js'
import { Throttle } from '../../src/service/throttle/throttle.js'
import { RedisBuckets } from '../../src/throttle-redis/redis-buckets.js'
import { benchTenant } from '../dataset.js'
import { anyOf, authorization, itemPath } from '../api.js'
import { startCosell } from '../cosell.js'
import { copyDataset, label, removeDataset, seedDataset, seededIds, type Dataset } from '../datasets.js'
import { measure, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import type { ServerProcess } from '../server-process.js'

const seeded = 1_000
const rounds = 3
const generous = 'read=1000000/1,write=1000000/1'
const otherTenant = 'bench-other-tenant'
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

type Side = {
  readonly name: string
  readonly note: string
  readonly server: ServerProcess
  readonly data: Dataset
}

export async function throttleScenario(env: Env): Promise<Row[]> {
  const dataset = await seedDataset(env, 'throttle-1k', seeded)
  const copies = [copyDataset(env, dataset, 'throttle-1k-b'), copyDataset(env, dataset, 'throttle-1k-c')]
  const redis = await redisBuckets()
  if (redis) copies.push(copyDataset(env, dataset, 'throttle-1k-d'))
  else env.log(`throttle: Redis not reachable on ${redisUrl}; the shared-budget rows are left out`)
  const sides: Side[] = []
  try {
    sides.push({
      name: 'GET by id, throttle off',
      note: 'COSELL_THROTTLE=off: the hook reads one flag',
      server: await startCosell(env.build, dataset.dir, { COSELL_THROTTLE: 'off' }),
      data: dataset,
    })
    const consulted = await startCosell(env.build, copies[0]!.dir, { COSELL_THROTTLE: 'off' })
    await overrideOther(consulted)
    sides.push({
      name: 'GET by id, off, another tenant limited',
      note: 'the hook looks the tenant up and finds no budget',
      server: consulted,
      data: copies[0]!,
    })
    sides.push({
      name: 'GET by id, generous custom profile',
      note: `COSELL_THROTTLE=${generous}: a bucket refilled and a token taken a call`,
      server: await startCosell(env.build, copies[1]!.dir, { COSELL_THROTTLE: generous }),
      data: copies[1]!,
    })
    if (redis)
      sides.push({
        name: 'GET by id, generous custom profile, budgets in Redis',
        note: `REDIS_URL: one EVALSHA a call refills and takes`,
        server: await startCosell(env.build, copies[2]!.dir, {
          COSELL_THROTTLE: generous,
          REDIS_URL: redisUrl,
        }),
        data: copies[2]!,
      })
    const redisRows = redis ? await redisTakeCosts(env, redis) : []
    return [...(await measureInTurn(env, sides)), ...hookCosts(env), ...redisRows]
  } finally {
    await redis?.close()
    for (const side of sides) await side.server.stop()
    for (const data of [dataset, ...copies]) removeDataset(data)
  }
}

async function overrideOther(server: ServerProcess): Promise<void> {
  const response = await fetch(`${server.origin}/_cosell/throttling/${otherTenant}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile: 'connector' }),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok)
    throw new Error(`the throttle override answered ${response.status}: ${await response.text()}`)
}

/** Every side measured once a round, so each round compares neighbouring minutes of a drifting machine. */
async function measureInTurn(env: Env, sides: readonly Side[]): Promise<Row[]> {
  const ids = seededIds(seeded)
  const spec = { headers: { authorization }, next: () => ({ path: itemPath(anyOf(ids)) }) }
  const results: Measured[][] = sides.map(() => [])
  for (let round = 0; round < rounds; round++)
    for (const [i, side] of sides.entries()) {
      env.log(`throttle: round ${round + 1} of ${rounds}, ${side.name}`)
      results[i]!.push(await measure(env, side.server, spec))
    }
  const off = results[0]!
  return sides.map((side, i) => {
    const mine = results[i]!
    const refused = mine.reduce((n, m) => n + (m.load.statuses['429'] ?? 0), 0)
    const median = medianBy(mine, (m) => m.load.rps)
    const cpuRatios = mine.map((m, r) => cpuMsPerRequest(m) / cpuMsPerRequest(off[r]!))
    return {
      scenario: side.name,
      rows: label(seeded),
      ...median,
      ...(i === 0
        ? {}
        : { ratio: { value: median.load.rps / medianBy(off, (m) => m.load.rps).load.rps, of: 'off' } }),
      note: `${side.note}; median of ${rounds} rounds${i === 0 ? '' : `; server CPU a request ÷ off's, each round: ${cpuRatios.map((r) => r.toFixed(2)).join(', ')}`}${refused ? `; ${refused} answered 429` : ''}`,
    }
  })
}

function medianBy(measured: readonly Measured[], key: (m: Measured) => number): Measured {
  return [...measured].sort((a, b) => key(a) - key(b))[Math.floor(measured.length / 2)]!
}

function cpuMsPerRequest(measured: Measured): number {
  return (measured.cpu.server / measured.load.rps) * 1000
}

const hookCalls = 500_000

/** Nanoseconds a GET spends in the throttle hook, measured in-process under each setting. */
function hookCosts(env: Env): Row[] {
  const generousProfile = readThrottleText(generous).value as ThrottleProfile
  const consulted = () => {
    const throttle = new Throttle({ profile: 'off' }, new MemoryBuckets(systemMonotonicClock))
    throttle.override(otherTenant, { profile: 'connector' })
    return throttle
  }
  const settings: [string, () => Throttle][] = [
    ['off', () => new Throttle({ profile: 'off' }, new MemoryBuckets(systemMonotonicClock))],
    ['off, another tenant limited', consulted],
    ['generous custom profile', () => new Throttle(generousProfile, new MemoryBuckets(systemMonotonicClock))],
  ]
  return settings.map(([name, make]) => {
    const ns = hookNanoseconds(make)
    env.log(`throttle hook, ${name}: ${ns.toFixed(0)} ns a call`)
    return {
      scenario: `throttle hook alone, ${name}`,
      rows: '',
      note: `${ns.toFixed(0)} ns a call, in-process, the median of 5 runs of ${label(hookCalls)} GETs`,
    }
  })
}

/** Each run on a fresh throttle, whose full budgets outlast the run. */
function hookNanoseconds(make: () => Throttle): number {
  const request = { method: 'GET', identity: { tenantId: benchTenant } } as unknown as FastifyRequest
  const reply = {} as FastifyReply // a refusal would throw here: the generous profile never refuses
  let passed = 0
  const done = () => void passed++
  const runs: number[] = []
  for (let run = 0; run < 6; run++) {
    const hook = throttleHook(make())
    const started = process.hrtime.bigint()
    for (let i = 0; i < hookCalls; i++) hook(request, reply, done)
    const ns = Number(process.hrtime.bigint() - started) / hookCalls
    if (run > 0) runs.push(ns) // the first run warms the JIT up
  }
  if (passed !== hookCalls * 6) throw new Error('the throttle hook refused a call it should have let through')
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
}

/** Redis's buckets when Redis answers, else undefined. */
async function redisBuckets(): Promise<RedisBuckets | undefined> {
  let unreachable = false
  const buckets = await RedisBuckets.open(redisUrl, {
    keyPrefix: `cosell-bench:${process.pid}:`,
    warn: () => (unreachable = true),
  })
  if (!unreachable) return buckets
  await buckets.close()
  return undefined
}

const redisCalls = 20_000
const inFlight = 32

/** Microseconds a take costs with the buckets in Redis: one call at a time, and 32 under way. */
async function redisTakeCosts(env: Env, buckets: RedisBuckets): Promise<Row[]> {
  const throttle = new Throttle(readThrottleText(generous).value as ThrottleProfile, buckets)
  const admit = async () => {
    if ((await throttle.admit(benchTenant, 'read')) !== undefined)
      throw new Error('refused under the generous profile')
  }
  const timed = async (work: () => Promise<void>) => {
    const started = process.hrtime.bigint()
    await work()
    return Number(process.hrtime.bigint() - started) / 1000 / redisCalls
  }
  const serial = await timed(async () => {
    for (let i = 0; i < redisCalls; i++) await admit()
  })
  const parallel = await timed(async () => {
    const lane = async () => {
      for (let i = 0; i < redisCalls / inFlight; i++) await admit()
    }
    await Promise.all(Array.from({ length: inFlight }, lane))
  })
  env.log(
    `throttle in Redis: ${serial.toFixed(1)} µs a call one at a time, ${parallel.toFixed(1)} µs with ${inFlight} under way`,
  )
  return [
    {
      scenario: 'throttle take in Redis, one at a time',
      rows: '',
      note: `${serial.toFixed(1)} µs a call (the round trip to ${redisUrl}), in-process, ${label(redisCalls)} calls`,
    },
    {
      scenario: `throttle take in Redis, ${inFlight} under way`,
      rows: '',
      note: `${parallel.toFixed(1)} µs a call of wall time, in-process, ${label(redisCalls)} calls`,
    },
  ]
}
