// Per-tenant throttle overrides, as the admin API manages them. They are kept as one setting with
// the data, so they survive a restart (and, as server configuration, a sandbox reset); the server's
// default comes from COSELL_THROTTLE and is not stored. Servers sharing the store each keep a copy:
// a change reads the stored overrides first, under a turn shared with the other servers, and the
// others reload theirs when they hear of it.
import { invalidRequest } from '../../domain/errors.js'
import { tenantIdPattern } from '../../domain/organization/organization.js'
import { readValue } from '../../domain/read-value.js'
import {
  canonicalProfile,
  profileProblems,
  ThrottleProfileSchema,
  type ThrottleProfile,
} from '../../domain/throttle/throttle-profile.js'
import type { TenantThrottle, ThrottleSettings } from '../../domain/throttle/throttle-settings.js'
import type { ReferralStore } from '../../store/referral-store.js'
import { Throttle } from './throttle.js'
import type { ThrottleBuckets } from './throttle-buckets.js'

const key = 'throttling'
const tenantIdRule = new RegExp(tenantIdPattern)

export interface ThrottleDeps {
  readonly store: Pick<ReferralStore, 'setting' | 'saveSetting' | 'coordination'>
  readonly throttle: Throttle
}

/** The server's throttle: the default profile with every saved override applied. */
export async function loadThrottle(
  store: ThrottleDeps['store'],
  defaultProfile: ThrottleProfile,
  buckets: ThrottleBuckets,
): Promise<Throttle> {
  const throttle = new Throttle(canonicalProfile(defaultProfile), buckets)
  await reloadThrottleOverrides(store, throttle)
  return throttle
}

/**
 * Reads the saved overrides again and applies what changed: how a server picks up the overrides
 * another server set. Tenants whose profile is unchanged keep their buckets.
 */
export async function reloadThrottleOverrides(
  store: ThrottleDeps['store'],
  throttle: Throttle,
): Promise<void> {
  const saved = (await store.setting(key)) as { tenants?: Record<string, unknown> } | undefined
  const overrides = new Map<string, ThrottleProfile>()
  for (const [tenantId, raw] of Object.entries(saved?.tenants ?? {})) {
    const { value, problems } = readValue(ThrottleProfileSchema, raw)
    if (problems.length === 0 && profileProblems(value).length === 0)
      overrides.set(tenantId, canonicalProfile(value))
  }
  throttle.replaceOverrides(overrides)
}

export function throttleSettings(throttle: Throttle): ThrottleSettings {
  return {
    default: throttle.defaultProfile,
    tenants: throttle.overridden().map(([tenantId, profile]) => ({ tenantId, profile, source: 'override' })),
  }
}

/** The profile a tenant runs under, and whether it is its own or the default. */
export function tenantThrottle(throttle: Throttle, tenantId: string): TenantThrottle {
  const id = checkedTenantId(tenantId)
  return {
    tenantId: id,
    profile: throttle.profileOf(id),
    source: throttle.isOverridden(id) ? 'override' : 'default',
  }
}

/** Validates the profile and makes it the tenant's own; it applies from the tenant's next call. */
export async function setTenantThrottle(
  deps: ThrottleDeps,
  tenantId: string,
  body: unknown,
): Promise<TenantThrottle> {
  const id = checkedTenantId(tenantId)
  const { value, problems } = readValue(ThrottleProfileSchema, body ?? {})
  if (problems.length === 0) problems.push(...profileProblems(value))
  if (problems.length > 0) throw invalidRequest(problems)
  await changeOverrides(deps, () => deps.throttle.override(id, canonicalProfile(value)))
  return tenantThrottle(deps.throttle, id)
}

/** Removes the tenant's override, if any: the default applies again. */
export async function clearTenantThrottle(deps: ThrottleDeps, tenantId: string): Promise<void> {
  const id = checkedTenantId(tenantId)
  await changeOverrides(deps, () => {
    if (deps.throttle.isOverridden(id)) deps.throttle.override(id, undefined)
  })
}

/** One change of the stored overrides, on top of every other server's: one turn at a time. */
async function changeOverrides(deps: ThrottleDeps, change: () => void): Promise<void> {
  await deps.store.coordination.exclusively(key, async () => {
    await reloadThrottleOverrides(deps.store, deps.throttle)
    change()
    await deps.store.saveSetting(key, { tenants: Object.fromEntries(deps.throttle.overridden()) })
  })
}

/** Tenant ids as tokens carry them (`tid`), lower-cased as the authenticator keys them. */
function checkedTenantId(tenantId: string): string {
  if (tenantIdRule.test(tenantId)) return tenantId.toLowerCase()
  throw invalidRequest([
    {
      target: 'tenantId',
      rule: 'pattern',
      message: `tenantId '${tenantId.slice(0, 80)}' is not a tenant id: letters, digits, '.', '_' and '-', at most 64, as a token's tid claim.`,
    },
  ])
}
