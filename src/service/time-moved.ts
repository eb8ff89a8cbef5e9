// What follows when time moves: the clock was changed, the server started, or the periodic sweep
// fired. Everything that fell due since the last run happens in time order, each at its own due
// time (timeline/run-timeline.ts): Microsoft's scripted answers and closes, Microsoft's review of
// deal registrations, and the expiry of incoming referrals past their expirationDateTime
// (docs/lifecycle.md). At one instant they act in that order. One run at a time across every server
// sharing the store: two would act on the same due events.
import type { ServiceDeps } from './deps.js'
import { expiryDue } from './expire-referrals.js'
import { microsoftDue, policyRun, type PolicyRun } from './microsoft/microsoft-policy.js'
import { reviewDue } from './review-by-policy.js'
import { reviewPolicy } from './review-policy-setting.js'
import { runTimeline } from './timeline/run-timeline.js'

export interface TimeMoved {
  /** Incoming referrals that became Closed/Expired. */
  readonly expired: number
  /** What Microsoft's scripted policy did. */
  readonly microsoft: PolicyRun
  /** Deal registrations Microsoft's review policy moved (the documented registration model). */
  readonly registrationsReviewed: number
  /** False when the run stopped at its cap of events; the next run (the sweep) applies the rest, each at its own time. */
  readonly complete: boolean
}

export function afterTimeMoved(deps: ServiceDeps): Promise<TimeMoved> {
  return deps.store.coordination.exclusively('time-moved', () => runDue(deps))
}

async function runDue(deps: ServiceDeps): Promise<TimeMoved> {
  const policies = [await microsoftDue(deps), reviewDue(deps, await reviewPolicy(deps)), expiryDue(deps)]
  const { done, complete } = await runTimeline(
    deps,
    policies.filter((p) => p !== undefined),
  )
  return {
    expired: done.expired ?? 0,
    microsoft: policyRun(done),
    registrationsReviewed: done.reviewed ?? 0,
    complete,
  }
}
