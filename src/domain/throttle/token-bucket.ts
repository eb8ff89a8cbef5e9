// A token bucket as a value: `tokens` as they stood at `atMs` (milliseconds of a monotonic clock).
// Tokens refill evenly, `limit` of them per period, never past `limit`; a call takes one. Pure,
// so the boundaries (the Nth call, the wait for the next token) are tested on exact numbers.
import type { Budget } from './throttle-profile.js'

export interface Bucket {
  readonly tokens: number
  readonly atMs: number
}

export function fullBucket(budget: Budget, nowMs: number): Bucket {
  return { tokens: budget.limit, atMs: nowMs }
}

/** The bucket as it stands at `nowMs`. Multiplying before dividing keeps whole-millisecond refills exact. */
export function refill(bucket: Bucket, budget: Budget, nowMs: number): Bucket {
  const elapsedMs = Math.max(0, nowMs - bucket.atMs) // a clock read twice in one tick cannot go back
  const tokens = Math.min(budget.limit, bucket.tokens + (elapsedMs * budget.limit) / periodMs(budget))
  return { tokens, atMs: Math.max(nowMs, bucket.atMs) }
}

/** Milliseconds until a refilled bucket holds one whole token; 0 when it holds one now. */
export function waitForTokenMs(refilled: Bucket, budget: Budget): number {
  return refilled.tokens >= 1 ? 0 : ((1 - refilled.tokens) * periodMs(budget)) / budget.limit
}

export function takeToken(refilled: Bucket): Bucket {
  return { tokens: refilled.tokens - 1, atMs: refilled.atMs }
}

/** A full bucket is what a tenant that never called would get: forgetting it changes nothing. */
export function isFull(bucket: Bucket, budget: Budget, nowMs: number): boolean {
  return refill(bucket, budget, nowMs).tokens >= budget.limit
}

/** Retry-After in whole seconds: the wait rounded up, and at least 1 (a 0 would invite a busy loop). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000))
}

function periodMs(budget: Budget): number {
  return budget.periodSeconds * 1000
}
