// Whether a call may take a token from every budget it draws on, decided on the buckets as they
// stand now: when one holds less than a token, the call is refused and told to wait for the budget
// whose token comes last. The in-process buckets and the ones kept in Redis both decide here.
import type { Budget, BudgetName } from './throttle-profile.js'
import { retryAfterSeconds, waitForTokenMs, type Bucket } from './token-bucket.js'

/** Why a call was refused: the budget with the longest wait, and that wait in whole seconds. */
export interface Refusal {
  readonly budget: BudgetName
  readonly limit: Budget
  readonly retryAfterSeconds: number
}

/** A budget a call draws on, with its bucket refilled to now. */
export interface DrawnBucket {
  readonly name: BudgetName
  readonly budget: Budget
  readonly bucket: Bucket
}

/** The refusal, or undefined when every bucket holds a whole token. */
export function refusalOf(drawn: readonly DrawnBucket[]): Refusal | undefined {
  let longest: { name: BudgetName; budget: Budget; waitMs: number } | undefined
  for (const { name, budget, bucket } of drawn) {
    const waitMs = waitForTokenMs(bucket, budget)
    if (waitMs > 0 && (!longest || waitMs > longest.waitMs)) longest = { name, budget, waitMs }
  }
  if (!longest) return undefined
  return { budget: longest.name, limit: longest.budget, retryAfterSeconds: retryAfterSeconds(longest.waitMs) }
}
