// The token buckets of one server process. Buckets follow real time on a monotonic clock, not the
// virtual clock: a client throttled for 20 s waits 20 s by its own timer, and a sandbox clock
// moved a week ahead must not refill (or a frozen one stop refilling) a budget.
import { refusalOf } from '../../domain/throttle/refusal.js'
import type { Budget, BudgetName } from '../../domain/throttle/throttle-profile.js'
import { fullBucket, isFull, refill, takeToken, type Bucket } from '../../domain/throttle/token-bucket.js'
import type { MonotonicClock } from '../ports.js'
import type { Admission, ThrottleBuckets } from './throttle-buckets.js'

export interface ThrottleLimits {
  /** Tenants whose buckets are kept at most; past it the oldest are forgotten (they start full again). */
  readonly maxTenants: number
  /** No sweep for full buckets below this many tenants: a small table costs nothing to keep. */
  readonly sweepFloor: number
}

type TenantBuckets = Partial<Record<BudgetName, { bucket: Bucket; budget: Budget }>>

const defaultLimits: ThrottleLimits = { maxTenants: 100_000, sweepFloor: 1024 }

export class MemoryBuckets implements ThrottleBuckets {
  private readonly buckets = new Map<string, TenantBuckets>()
  private sweepAt: number

  constructor(
    private readonly clock: MonotonicClock,
    private readonly limits: ThrottleLimits = defaultLimits,
  ) {
    this.sweepAt = Math.min(limits.maxTenants, limits.sweepFloor)
  }

  take(tenantId: string, budgets: readonly (readonly [BudgetName, Budget])[]): Admission {
    const now = this.clock.nowMs()
    const held = this.bucketsOf(tenantId, now)
    const drawn = budgets.map(([name, budget]) => ({
      name,
      budget,
      bucket: refill(held[name]?.bucket ?? fullBucket(budget, now), budget, now),
    }))
    const refusal = refusalOf(drawn)
    if (refusal) return refusal
    for (const { name, budget, bucket } of drawn) held[name] = { bucket: takeToken(bucket, budget), budget }
    return undefined
  }

  forget(tenantId: string): void {
    this.buckets.delete(tenantId)
  }

  /** Tenants whose buckets are kept, for tests and figures. */
  get trackedTenants(): number {
    return this.buckets.size
  }

  private bucketsOf(tenantId: string, now: number): TenantBuckets {
    let held = this.buckets.get(tenantId)
    if (held) return held
    if (this.buckets.size >= this.sweepAt) this.sweep(now)
    this.buckets.set(tenantId, (held = {}))
    return held
  }

  /**
   * Forgets every tenant whose buckets are all full again, then, if that is not enough, the oldest
   * tenants. Runs when the table has doubled since the last sweep, so each call pays O(1) on average.
   */
  private sweep(now: number): void {
    for (const [tenantId, held] of this.buckets) {
      const full = Object.values(held).every(({ bucket, budget }) => isFull(bucket, budget, now))
      if (full) this.buckets.delete(tenantId)
    }
    const keep = Math.floor((this.limits.maxTenants * 3) / 4)
    if (this.buckets.size >= this.limits.maxTenants)
      for (const tenantId of this.buckets.keys()) {
        if (this.buckets.size <= keep) break
        this.buckets.delete(tenantId)
      }
    this.sweepAt = Math.min(this.limits.maxTenants, Math.max(this.limits.sweepFloor, 2 * this.buckets.size))
  }
}
