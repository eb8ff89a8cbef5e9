// What the timeline runner (run-timeline.ts) asks of anything that acts on referrals by itself as
// time passes: Microsoft's scripted answers and closes, registration reviews, expiry. Each says
// when it next acts on a referral as that referral stands, and applies that one event. Webhook
// retries join the same way: a policy whose due time is a referral's next delivery attempt, so a
// clock jump replays them in order with everything else.
import type { Referral } from '../../domain/referral/schema.js'
import type { ServiceDeps } from '../deps.js'

export interface DuePolicy {
  /** Referrals this policy may act on by `until`, in batches; the runner follows events from there. */
  pending(until: Date): AsyncIterable<readonly Referral[]>
  /** When this policy next acts on `referral` as it stands; undefined when it never will. */
  dueAt(referral: Referral): Date | undefined
  /**
   * Applies the event due on `referral`; `deps.clock` reads `at`, the instant every write stamps.
   * Answers what it did (counted by the runner), or undefined when it did nothing: the referral
   * changed meanwhile, or the change was refused. Either way the event is not retried this run.
   */
  apply(deps: ServiceDeps, referral: Referral, at: Date): Promise<string | undefined>
}
