// A cosell app on a private in-memory store, for HTTP tests through inject() (no port opened).
import type { FastifyInstance } from 'fastify'
import { defaultRuleOptions, type RuleOptions } from '../../src/domain/referral/rules.js'
import { buildApp, type AppOptions } from '../../src/http/app.js'
import { randomIds } from '../../src/service/ids.js'
import type { Clock, Ids, MonotonicClock } from '../../src/service/ports.js'
import type { ReferralStore } from '../../src/store/referral-store.js'
import { SqliteReferralStore, type ReaderOptions } from '../../src/store/sqlite/store.js'
import { testStore } from './test-store.js'

export interface TestApp {
  readonly app: FastifyInstance
  readonly store: ReferralStore
  readonly clock: ManualClock
  close(): Promise<void>
}

/** A clock tests move by hand; starts at a fixed instant. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-03-01T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export async function makeTestApp(
  options: Partial<AppOptions> & {
    rules?: Partial<RuleOptions>
    dataDir?: string
    readers?: ReaderOptions
    ids?: Ids
    writeHoldMs?: number
    /** A store of the test's own, closed with the app. */
    store?: ReferralStore
  } = {},
): Promise<TestApp> {
  const sqliteOnly = options.dataDir ?? options.readers ?? options.writeHoldMs
  const store =
    options.store ??
    (sqliteOnly === undefined
      ? await testStore()
      : SqliteReferralStore.open(
          options.dataDir ?? ':memory:',
          'process',
          options.readers,
          options.writeHoldMs,
        ))
  const clock = new ManualClock()
  const app = await buildApp(
    { store, clock, ids: options.ids ?? randomIds, rules: { ...defaultRuleOptions, ...options.rules } },
    {
      publicUrl: options.publicUrl ?? null,
      createStatus: options.createStatus ?? 200,
      logLevel: process.env.COSELL_TEST_LOG === '1' ? 'error' : 'silent',
      adminToken: options.adminToken ?? null,
      ...(options.faultSleep ? { faultSleep: options.faultSleep } : {}),
      ...(options.throttle ? { throttle: options.throttle } : {}),
      ...(options.throttleClock ? { throttleClock: options.throttleClock } : {}),
      ...(options.throttleBuckets ? { throttleBuckets: options.throttleBuckets } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
    },
  )
  return {
    app,
    store,
    clock,
    close: async () => {
      await app.close()
      await store.close()
    },
  }
}

/** A monotonic clock tests move by hand, for throttle budgets. */
export class ManualMonotonicClock implements MonotonicClock {
  constructor(private current = 1_000) {}
  nowMs(): number {
    return this.current
  }
  advance(ms: number): void {
    this.current += ms
  }
}

/** Ids counted from one: two apps given the same requests write the same ids and eTags. */
export function countedIds(): Ids {
  let n = 0
  const next = () => (++n).toString(16)
  return {
    uuid: () => `00000000-0000-4000-8000-${next().padStart(12, '0')}`,
    hex8: () => next().padStart(8, '0'),
  }
}
