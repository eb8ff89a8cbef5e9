// Archives incoming referrals the partner did not act on in time as Closed/Expired
// (docs/lifecycle.md), each with a new eTag (the documented eTag rules) and closedDateTime =
// updatedDateTime = the instant it expired, however long after that the clock jumped. Every write
// is a compare-and-set on the eTag the sweep read, so of two sweeps (or a sweep and a partner's
// accept) exactly one changes a referral; the loser re-reads and finds nothing left to do.
import { checkTransition } from '../domain/lifecycle/check-transition.js'
import { expired, expiresAt, isDueForExpiry } from '../domain/lifecycle/expiration.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { Referral } from '../domain/referral/schema.js'
import { timelineCause } from './change-cause.js'
import type { ServiceDeps } from './deps.js'
import { inReferralLane } from './referral-lane.js'
import { stamp } from './stamp.js'
import type { DuePolicy } from './timeline/due-policy.js'
import { maxEventsPerRun, runTimeline } from './timeline/run-timeline.js'

const attemptsPerReferral = 3

type Outcome = 'expired' | 'settled' | 'failed'

/** Expires every referral due by the clock's instant; answers how many this run expired. */
export async function expireReferrals(deps: ServiceDeps): Promise<number> {
  return (await runTimeline(deps, [expiryDue(deps)])).done.expired ?? 0
}

/** Expiry as the timeline runs it: each referral at its expirationDateTime. */
export function expiryDue(deps: ServiceDeps): DuePolicy {
  return {
    pending: async function* (until) {
      yield await deps.store.dueForExpiry(formatServerDateTime(until), maxEventsPerRun)
    },
    dueAt: expiresAt,
    apply: async (pinned, referral, at) =>
      (await expireOne(pinned, referral, at)) === 'expired' ? 'expired' : undefined,
  }
}

const expiryCause = timelineCause('expiry')

function expireOne(deps: ServiceDeps, first: Referral, at: Date): Promise<Outcome> {
  return inReferralLane(deps.store, first.id, () => expireInTurn(deps, first, at))
}

async function expireInTurn(deps: ServiceDeps, first: Referral, at: Date): Promise<Outcome> {
  let current: Referral | undefined = first
  for (let attempt = 0; attempt < attemptsPerReferral; attempt++) {
    if (!current || !isDueForExpiry(current, at)) return 'settled'
    const next = expired(current)
    if (checkTransition(current, next, 'service').length > 0) return 'failed'
    const saved = { ...stamp(deps, deps.clock.now(), next, current), closedDateTime: next.closedDateTime }
    const outcome = await deps.store.replace(saved, current, expiryCause)
    if (outcome === 'written') return 'expired'
    if (outcome === 'missing') return 'settled'
    current = await deps.store.get(current.organizationId, current.id) // someone wrote first
  }
  return 'failed'
}
