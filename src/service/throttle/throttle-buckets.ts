// Where the token buckets of tenants' budgets are kept: in this process (memory-buckets.ts), or
// in Redis, shared by every server (src/throttle-redis/), so several servers spend one budget.
import type { Refusal } from '../../domain/throttle/refusal.js'
import type { Budget, BudgetName } from '../../domain/throttle/throttle-profile.js'

/** Undefined: the call may go ahead. */
export type Admission = Refusal | undefined

export interface ThrottleBuckets {
  /**
   * Takes a token from every budget, or from none and answers the refusal (a refused call costs
   * nothing). In-process buckets answer at once; shared ones answer a promise.
   */
  take(tenantId: string, budgets: readonly (readonly [BudgetName, Budget])[]): Admission | Promise<Admission>
  /** The tenant's profile changed: its budgets start full under the new one. */
  forget(tenantId: string): void
  /** Lets go of a connection, if any. */
  close?(): Promise<void>
}
