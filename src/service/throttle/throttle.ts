// Per-tenant throttling of the public API: which profile a tenant runs under (the server's default
// or an admin's override) and the token buckets of its budgets. Buckets follow real time on a
// monotonic clock, not the virtual clock: a client throttled for 20 s waits 20 s by its own timer,
// and a sandbox clock moved a week ahead must not refill (or a frozen one stop refilling) a budget.
import {
  budgetsFor,
  type Budget,
  type BudgetName,
  type CallClass,
  type ThrottleProfile,
} from '../../domain/throttle/throttle-profile.js'
import {
  fullBucket,
  isFull,
  refill,
  retryAfterSeconds,
  takeToken,
  waitForTokenMs,
  type Bucket,
} from '../../domain/throttle/token-bucket.js'
import type { MonotonicClock } from '../ports.js'

/** Why a call was refused: the budget with the longest wait, and that wait in whole seconds. */
export interface Refusal {
  readonly budget: BudgetName
  readonly limit: Budget
  readonly retryAfterSeconds: number
}

export interface ThrottleLimits {
  /** Tenants whose buckets are kept at most; past it the oldest are forgotten (they start full again). */
  readonly maxTenants: number
  /** No sweep for full buckets below this many tenants: a small table costs nothing to keep. */
  readonly sweepFloor: number
}

type TenantBuckets = Partial<Record<BudgetName, Bucket>>

const defaultLimits: ThrottleLimits = { maxTenants: 100_000, sweepFloor: 1024 }

export class Throttle {
  /** False while every profile is off: the request hook then returns at once. */
  active: boolean
  private readonly overrides = new Map<string, ThrottleProfile>()
  private readonly buckets = new Map<string, TenantBuckets>()
  private sweepAt: number

  constructor(
    readonly defaultProfile: ThrottleProfile,
    private readonly clock: MonotonicClock,
    private readonly limits: ThrottleLimits = defaultLimits,
  ) {
    this.active = defaultProfile.profile !== 'off'
    this.sweepAt = Math.min(limits.maxTenants, limits.sweepFloor)
  }

  profileOf(tenantId: string): ThrottleProfile {
    return this.overrides.get(tenantId) ?? this.defaultProfile
  }

  isOverridden(tenantId: string): boolean {
    return this.overrides.has(tenantId)
  }

  /** Every override, by tenant id. */
  overridden(): [string, ThrottleProfile][] {
    return [...this.overrides].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /** Sets (or with undefined removes) a tenant's override; its budgets start full under the new profile. */
  override(tenantId: string, profile: ThrottleProfile | undefined): void {
    if (profile) this.overrides.set(tenantId, profile)
    else this.overrides.delete(tenantId)
    this.buckets.delete(tenantId)
    this.active =
      this.defaultProfile.profile !== 'off' || [...this.overrides.values()].some((p) => p.profile !== 'off')
  }

  /**
   * Takes a token from every budget the call draws on, or from none: undefined when the call may
   * go ahead, else the refusal (a refused call costs nothing, so a client that waits is let in).
   */
  admit(tenantId: string, callClass: CallClass): Refusal | undefined {
    const budgets = budgetsFor(this.profileOf(tenantId), callClass)
    if (budgets.length === 0) return undefined
    const now = this.clock.nowMs()
    const held = this.bucketsOf(tenantId, now)
    let longest: { name: BudgetName; budget: Budget; waitMs: number } | undefined
    const refilled = budgets.map(([name, budget]) => {
      const bucket = refill(held[name] ?? fullBucket(budget, now), budget, now)
      const waitMs = waitForTokenMs(bucket, budget)
      if (waitMs > 0 && (!longest || waitMs > longest.waitMs)) longest = { name, budget, waitMs }
      return [name, bucket, budget] as const
    })
    if (longest)
      return {
        budget: longest.name,
        limit: longest.budget,
        retryAfterSeconds: retryAfterSeconds(longest.waitMs),
      }
    for (const [name, bucket, budget] of refilled) held[name] = takeToken(bucket, budget)
    return undefined
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
      const profile = this.profileOf(tenantId)
      const full = (Object.entries(held) as [BudgetName, Bucket][]).every(([name, bucket]) => {
        const budget = budgetOf(profile, name)
        return !budget || isFull(bucket, budget, now)
      })
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

function budgetOf(profile: ThrottleProfile, name: BudgetName): Budget | undefined {
  return [...budgetsFor(profile, 'read'), ...budgetsFor(profile, 'write')].find(([n]) => n === name)?.[1]
}

/** One line for the request journal: whose budget ran out, what it allows, when to come back. */
export function refusalDetail(tenantId: string, refusal: Refusal): string {
  const { limit, periodSeconds } = refusal.limit
  const budget = refusal.budget === 'calls' ? 'call' : refusal.budget
  return `${budget} budget of tenant ${tenantId} exhausted (${limit} per ${periodSeconds} s); Retry-After ${refusal.retryAfterSeconds} s`
}
