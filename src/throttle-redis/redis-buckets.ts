// Token buckets kept in Redis, shared by every server that names the same REDIS_URL: a tenant
// spends one budget whichever server answers it. Each call is one EVALSHA of take-script.ts.
// Throttling must not take the API down with it: when Redis does not answer within a short time
// (down, unreachable, stalled), the call is let through and a warning logged, at most one every
// `warnEveryMs`; the client reconnects by itself meanwhile.
import { createHash } from 'node:crypto'
import { createClient } from '@redis/client'
import { refusalOf } from '../domain/throttle/refusal.js'
import type { Budget, BudgetName } from '../domain/throttle/throttle-profile.js'
import type { Admission, ThrottleBuckets } from '../service/throttle/throttle-buckets.js'
import { takeScript } from './take-script.js'

export interface RedisBucketsOptions {
  /** Where warnings go: Redis unreachable, calls let through. */
  readonly warn: (message: string) => void
  /** Prepended to every key; default `cosell:throttle:`. */
  readonly keyPrefix?: string
  /** How long a call waits for Redis before it is let through; default 250 ms. */
  readonly timeoutMs?: number
  /** Warnings come at most this often; default 30 s. */
  readonly warnEveryMs?: number
  /** How long open() waits for the first connection before it goes on without; default 1 s. */
  readonly connectWaitMs?: number
}

const takeSha = createHash('sha1').update(takeScript).digest('hex')

export class RedisBuckets implements ThrottleBuckets {
  private lastWarnAt = -Infinity
  private readonly client

  private constructor(
    url: string,
    private readonly options: Required<RedisBucketsOptions>,
  ) {
    this.client = createClient({
      url,
      disableOfflineQueue: true, // while disconnected a call fails at once (and is let through) instead of queueing
      socket: {
        connectTimeout: options.connectWaitMs,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000),
      },
    })
    this.client.on('error', (error: Error) =>
      this.warnAtMostEvery(`Redis (REDIS_URL) is unreachable: ${error.message}`),
    )
  }

  /** Connects (waiting at most connectWaitMs: a server starts whether Redis answers or not). */
  static async open(url: string, given: RedisBucketsOptions): Promise<RedisBuckets> {
    const options = {
      keyPrefix: 'cosell:throttle:',
      timeoutMs: 250,
      warnEveryMs: 30_000,
      connectWaitMs: 1000,
      ...given,
    }
    const buckets = new RedisBuckets(url, options)
    const connected = buckets.client.connect().then(
      () => true,
      () => false, // rejected only when closed before it connected
    )
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(false), options.connectWaitMs)),
    )
    if (!(await Promise.race([connected, waited])))
      buckets.warnAtMostEvery(
        `Redis (REDIS_URL) did not answer within ${options.connectWaitMs} ms; throttling lets every call through until it does`,
      )
    clearTimeout(timer)
    return buckets
  }

  async take(tenantId: string, budgets: readonly (readonly [BudgetName, Budget])[]): Promise<Admission> {
    const keys = budgets.map(
      ([name, b]) => `${this.options.keyPrefix}{${tenantId}}:${name}:${b.limit}/${b.periodSeconds}`,
    )
    const args = budgets.flatMap(([, b]) => [String(b.limit), String(b.periodSeconds * 1000)])
    let credits: string[]
    try {
      credits = await this.run(keys, args)
    } catch (error) {
      this.warnAtMostEvery(
        `throttling let a call through: Redis (REDIS_URL) did not answer (${(error as Error).message})`,
      )
      return undefined
    }
    if (credits.length === 0) return undefined
    return refusalOf(
      budgets.map(([name, budget], i) => ({ name, budget, bucket: { credit: Number(credits[i]), atMs: 0 } })),
    )
  }

  /** A changed profile's budgets have keys of their own, so they start full; the old ones expire. */
  forget(): void {}

  close(): Promise<void> {
    this.client.destroy()
    return Promise.resolve()
  }

  private async run(keys: string[], args: string[]): Promise<string[]> {
    const options = { timeout: this.options.timeoutMs, rejectInFlight: true }
    const call = (command: string, script: string) =>
      this.client.sendCommand<string[]>([command, script, String(keys.length), ...keys, ...args], options)
    try {
      return await call('EVALSHA', takeSha)
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error
      return await call('EVAL', takeScript) // the first call after Redis restarted: EVAL caches the script again
    }
  }

  private warnAtMostEvery(message: string): void {
    const now = performance.now()
    if (now - this.lastWarnAt < this.options.warnEveryMs) return
    this.lastWarnAt = now
    this.options.warn(message)
  }
}
