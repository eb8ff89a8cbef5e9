// A token bucket as a value, on the milliseconds of a monotonic clock. Tokens refill evenly,
// `limit` of them per period, never past `limit`; a call takes one. The tokens are kept multiplied
// by the period in ms (`credit`), so refills and waits over whole milliseconds are integer sums:
// 2 per 60 s drained for 10 s waits exactly 20 s, not 20.000000000000004 (a Retry-After of 21).
// Pure, so the boundaries are tested on exact numbers.
import type { Budget } from './throttle-profile.js'

export interface Bucket {
  /** Tokens × the period in ms, as they stood at `atMs`. */
  readonly credit: number
  readonly atMs: number
}

export function fullBucket(budget: Budget, nowMs: number): Bucket {
  return { credit: capacity(budget), atMs: nowMs }
}

/** The bucket as it stands at `nowMs`. */
export function refill(bucket: Bucket, budget: Budget, nowMs: number): Bucket {
  const elapsedMs = Math.max(0, nowMs - bucket.atMs) // a clock read twice in one tick cannot go back
  const credit = Math.min(capacity(budget), bucket.credit + elapsedMs * budget.limit)
  return { credit, atMs: Math.max(nowMs, bucket.atMs) }
}

/** Tokens in the bucket: whole and fractional. */
export function tokens(bucket: Bucket, budget: Budget): number {
  return bucket.credit / periodMs(budget)
}

/** Milliseconds until a refilled bucket holds one whole token; 0 when it holds one now. */
export function waitForTokenMs(refilled: Bucket, budget: Budget): number {
  const missing = periodMs(budget) - refilled.credit
  return missing <= 0 ? 0 : missing / budget.limit
}

export function takeToken(refilled: Bucket, budget: Budget): Bucket {
  return { credit: refilled.credit - periodMs(budget), atMs: refilled.atMs }
}

/** A full bucket is what a tenant that never called would get: forgetting it changes nothing. */
export function isFull(bucket: Bucket, budget: Budget, nowMs: number): boolean {
  return refill(bucket, budget, nowMs).credit >= capacity(budget)
}

/** Retry-After in whole seconds: the wait rounded up, and at least 1 (a 0 would invite a busy loop). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000))
}

function periodMs(budget: Budget): number {
  return budget.periodSeconds * 1000
}

function capacity(budget: Budget): number {
  return budget.limit * periodMs(budget)
}
