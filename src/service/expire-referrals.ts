// Archives incoming referrals the partner did not act on in time as Closed/Expired
// (docs/lifecycle.md), each with a new eTag (the documented eTag rules) and closedDateTime = the
// instant it expired. Every write is a compare-and-set on the eTag the sweep read, so of two sweeps
// (or a sweep and a partner's accept) exactly one changes a referral; the loser re-reads and finds
// nothing left to do.
import { checkTransition } from '../domain/lifecycle/check-transition.js'
import { expired, isDueForExpiry } from '../domain/lifecycle/expiration.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { Referral } from '../domain/referral/schema.js'
import type { ServiceDeps } from './deps.js'
import { inReferralLane } from './referral-lane.js'
import { stamp } from './stamp.js'

const batchSize = 200
const attemptsPerReferral = 3

type Outcome = 'expired' | 'settled' | 'failed'

/** Expires every referral due at the clock's current instant; answers how many this run expired. */
export async function expireReferrals(deps: ServiceDeps): Promise<number> {
  const at = deps.clock.now()
  let count = 0
  for (;;) {
    const due = await deps.store.dueForExpiry(formatServerDateTime(at), batchSize)
    // distinct referrals, so their writes may go together (the store commits a turn's writes at
    // once)
    const outcomes = await Promise.all(due.map((referral) => expireOne(deps, referral, at)))
    count += outcomes.filter((o) => o === 'expired').length
    // a full batch of failures would come back unchanged: stop rather than spin
    if (due.length < batchSize || outcomes.every((o) => o === 'failed')) return count
  }
}

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
    const outcome = await deps.store.replace(saved, current.eTag)
    if (outcome === 'written') return 'expired'
    if (outcome === 'missing') return 'settled'
    current = await deps.store.get(current.organizationId, current.id) // someone wrote first
  }
  return 'failed'
}
