// Per-tenant throttling of the public API: which profile a tenant runs under (the server's default
// or an admin's override), and the buckets of its budgets, kept in this process or shared.
import type { Refusal } from '../../domain/throttle/refusal.js'
import { budgetsFor, type CallClass, type ThrottleProfile } from '../../domain/throttle/throttle-profile.js'
import type { Admission, ThrottleBuckets } from './throttle-buckets.js'

export type { Refusal } from '../../domain/throttle/refusal.js'

export class Throttle {
  /** False while every profile is off: the request hook then returns at once. */
  active: boolean
  private readonly overrides = new Map<string, ThrottleProfile>()

  constructor(
    readonly defaultProfile: ThrottleProfile,
    private readonly buckets: ThrottleBuckets,
  ) {
    this.active = defaultProfile.profile !== 'off'
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
    this.buckets.forget(tenantId)
    this.active =
      this.defaultProfile.profile !== 'off' || [...this.overrides.values()].some((p) => p.profile !== 'off')
  }

  /** Replaces every override at once: what another server saved (see reloadThrottleOverrides). */
  replaceOverrides(overrides: ReadonlyMap<string, ThrottleProfile>): void {
    for (const tenantId of new Set([...this.overrides.keys(), ...overrides.keys()]))
      if (!sameProfile(this.overrides.get(tenantId), overrides.get(tenantId)))
        this.override(tenantId, overrides.get(tenantId))
  }

  /**
   * Takes a token from every budget the call draws on, or from none: undefined when the call may
   * go ahead, else the refusal (a refused call costs nothing, so a client that waits is let in).
   */
  admit(tenantId: string, callClass: CallClass): Admission | Promise<Admission> {
    const budgets = budgetsFor(this.profileOf(tenantId), callClass)
    if (budgets.length === 0) return undefined
    return this.buckets.take(tenantId, budgets)
  }
}

function sameProfile(a: ThrottleProfile | undefined, b: ThrottleProfile | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b) // both canonical: equal profiles print alike
}

/** One line for the request journal: whose budget ran out, what it allows, when to come back. */
export function refusalDetail(tenantId: string, refusal: Refusal): string {
  const { limit, periodSeconds } = refusal.limit
  const budget = refusal.budget === 'calls' ? 'call' : refusal.budget
  return `${budget} budget of tenant ${tenantId} exhausted (${limit} per ${periodSeconds} s); Retry-After ${refusal.retryAfterSeconds} s`
}
