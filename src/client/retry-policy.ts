// When the SDK sends a request again, and how long it waits first. Repeating must never do twice
// what the caller asked for once: only requests safe to repeat are retried on every transient
// failure; POST and PATCH only when the server said it refused them unprocessed (429).
import { retryAfterMs } from './retry-after.js'

export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default 4. */
  readonly maxAttempts?: number
  /** Most time spent waiting between attempts, all waits together, in ms. Default 60 000. */
  readonly maxWaitMs?: number
  /** Back-off before the first retry when the server sends no Retry-After, in ms; doubles each retry. Default 500. */
  readonly baseDelayMs?: number
  /** Largest back-off without Retry-After, before jitter, in ms. Default 8 000. */
  readonly maxDelayMs?: number
  /** Epoch milliseconds, for reading an HTTP-date Retry-After of a response without `Date`. Default Date.now. */
  readonly now?: () => number
  /** Waits `ms` (at least); rejects with the signal's reason when it aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number
}

/** What the policy reads of an answer. */
export interface Answered {
  readonly status: number
  readonly headers: Headers
}

/** What one attempt ended with: an answer (any status) or an error before a complete answer. */
export type AttemptResult<T extends Answered> = { readonly answer: T } | { readonly error: unknown }

const safeToRepeat = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/**
 * The SDK's retry rule. GET, HEAD, OPTIONS, PUT and DELETE are retried on 429, 503 and network
 * errors (a PUT with If-Match repeated after it succeeded answers 412, which surfaces as an
 * ApiError). POST and PATCH are retried on 429 only, the one answer that says the server did not
 * act; never on 503, a reset or a timeout, after which the server may have acted.
 *
 * Each wait is at least the server's Retry-After (seconds or HTTP-date) plus up to 10% jitter;
 * without Retry-After it is the back-off d = min(maxDelayMs, baseDelayMs × 2^(retry−1)) plus up
 * to d of jitter, so within [d, 2d). Retries stop after `maxAttempts` attempts, or as soon as the
 * next least wait would take the waits past `maxWaitMs`: the last answer or error is then
 * returned at once. An aborted signal ends a wait and the request with the signal's reason.
 */
export class RetryPolicy {
  private readonly maxAttempts: number
  private readonly maxWaitMs: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly now: () => number
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly random: () => number

  constructor(options: RetryOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4)
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 60_000)
    this.baseDelayMs = options.baseDelayMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 8_000
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? sleepAtLeast
    this.random = options.random ?? Math.random
  }

  /** Runs `attempt` until the rule stops; resolves with the last answer or rejects with the last error. */
  async run<T extends Answered>(method: string, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let waited = 0
    for (let attempts = 1; ; attempts++) {
      signal?.throwIfAborted()
      const result = await attempt().then(
        (answer): AttemptResult<T> => ({ answer }),
        (error: unknown): AttemptResult<T> => ({ error }),
      )
      signal?.throwIfAborted()
      const wait = attempts < this.maxAttempts ? this.waitBefore(method, result, attempts) : undefined
      if (wait === undefined || waited + wait.least > this.maxWaitMs) {
        if ('error' in result) throw result.error
        return result.answer
      }
      const ms = Math.min(wait.least + wait.jitter, this.maxWaitMs - waited)
      await this.sleep(ms, signal)
      waited += ms
    }
  }

  /** The least wait an answer's Retry-After asks for, in ms; undefined without a usable one. */
  retryAfter(headers: Headers): number | undefined {
    return retryAfterMs(headers, this.now())
  }

  /** The wait before retry number `retry`, or undefined when the result is not retried. */
  private waitBefore(
    method: string,
    result: AttemptResult<Answered>,
    retry: number,
  ): { least: number; jitter: number } | undefined {
    if (!this.retries(method.toUpperCase(), result)) return undefined
    const asked = 'answer' in result ? this.retryAfter(result.answer.headers) : undefined
    if (asked !== undefined) return { least: asked, jitter: this.random() * asked * 0.1 }
    const backOff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retry - 1))
    return { least: backOff, jitter: this.random() * backOff }
  }

  private retries(method: string, result: AttemptResult<Answered>): boolean {
    if (!('answer' in result)) return safeToRepeat.has(method)
    const status = result.answer.status
    return status === 429 || (status === 503 && safeToRepeat.has(method))
  }
}

/** A timer wait that never ends early (timers may fire a little before their delay is up); an abort ends it. */
export async function sleepAtLeast(ms: number, signal?: AbortSignal): Promise<void> {
  const until = performance.now() + ms
  for (let left = ms; left > 0; left = until - performance.now()) {
    signal?.throwIfAborted()
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, left)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
  signal?.throwIfAborted()
}
