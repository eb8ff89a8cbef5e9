// What follows when time moves: the clock was changed, the server started, or the periodic sweep
// fired. Microsoft's scripted policy answers first (it would have answered within its business
// days, long before an invitation's 14 days ran out), then Microsoft's review of deal
// registrations, then incoming referrals past their expirationDateTime expire (docs/lifecycle.md).
import type { ServiceDeps } from './deps.js'
import { expireReferrals } from './expire-referrals.js'
import { runMicrosoftPolicy, type PolicyRun } from './microsoft/microsoft-policy.js'
import { reviewDueRegistrations } from './review-policy-setting.js'

export interface TimeMoved {
  /** Incoming referrals that became Closed/Expired. */
  readonly expired: number
  /** What Microsoft's scripted policy did. */
  readonly microsoft: PolicyRun
  /** Deal registrations Microsoft's review policy moved (the documented registration model). */
  readonly registrationsReviewed: number
}

export async function afterTimeMoved(deps: ServiceDeps): Promise<TimeMoved> {
  const microsoft = await runMicrosoftPolicy(deps)
  const registrationsReviewed = await reviewDueRegistrations(deps)
  return { expired: await expireReferrals(deps), microsoft, registrationsReviewed }
}
