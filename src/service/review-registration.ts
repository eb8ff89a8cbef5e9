// Microsoft reviews a partner's deal registration (the documented registration model; Microsoft's
// side drives it, so a self-hosted server needs an admin hook to move it): approve, pass, fail,
// send back as ActionRequired with a reason, or close. Addressed by referral id across
// organisations, since Microsoft reviews every partner's registrations. Each review is a new
// version of the referral (new eTag, the documented eTag rules), saved with compare-and-set like
// every write.
import Type from 'typebox'
import { CosellError, invalidRequest, notFound, preconditionFailed, type Problem } from '../domain/errors.js'
import { etagMatches } from '../domain/etag.js'
import { readValue } from '../domain/read-value.js'
import type { Referral } from '../domain/referral/schema.js'
import { moveRegistration } from '../domain/registration/move-registration.js'
import { reviewActions, type DueReview } from '../domain/registration/review-policy.js'
import type { ChangeCause } from '../domain/change/change-record.js'
import type { ServiceDeps } from './deps.js'
import { microsoftSeller } from './microsoft/microsoft-caller.js'
import { inReferralLane } from './referral-lane.js'
import { stamp } from './stamp.js'

export const ReviewRequestSchema = Type.Object({
  action: Type.Enum([...reviewActions]),
  statusReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

const maxAttempts = 5

export async function reviewRegistration(
  deps: ServiceDeps,
  referralId: string,
  body: unknown,
  ifMatch?: string,
  requestId?: string,
): Promise<Referral> {
  const { value, problems } = readValue(ReviewRequestSchema, body ?? {})
  if (problems.length > 0) throw invalidRequest(problems)
  const review: DueReview = { action: value.action, statusReason: value.statusReason ?? null }
  const referral = await deps.store.find(referralId.toLowerCase())
  if (!referral) throw notFound('Referral', referralId)
  if (ifMatch !== undefined && !etagMatches(ifMatch, referral.eTag)) throw preconditionFailed()
  // with If-Match the reviewer loses to any write in between (412), as a partner's PATCH does
  const cause: ChangeCause = { actor: microsoftSeller, channel: 'microsoft', requestId: requestId ?? null }
  const outcome = await saveReview(deps, referral, () => review, cause, ifMatch === undefined)
  if ('problems' in outcome) throw invalidRequest(outcome.problems)
  return outcome.referral
}

export type ReviewOutcome = { referral: Referral; written: boolean } | { problems: Problem[] }

/**
 * Applies the review `decide` gives for the referral as stored. When another write came first it
 * re-reads and decides again (`retry`), or answers 412; `decide` answering undefined means the
 * review is not (or no longer) due, and nothing is written.
 */
export function saveReview(
  deps: ServiceDeps,
  first: Referral,
  decide: (current: Referral) => DueReview | undefined,
  cause: ChangeCause,
  retry = true,
): Promise<ReviewOutcome> {
  return inReferralLane(deps.store, first.id, () => saveReviewInTurn(deps, first, decide, cause, retry))
}

async function saveReviewInTurn(
  deps: ServiceDeps,
  first: Referral,
  decide: (current: Referral) => DueReview | undefined,
  cause: ChangeCause,
  retry: boolean,
): Promise<ReviewOutcome> {
  let current = first
  for (let attempt = 1; ; attempt++) {
    const review = decide(current)
    if (!review) return { referral: current, written: false }
    const registration = current.registrations[0]
    if (!registration) throw notFound('Deal registration of referral', current.id)
    const at = deps.clock.now()
    const moved = moveRegistration(registration, { ...review, by: 'microsoft', at })
    if ('problems' in moved) return { problems: moved.problems }
    const next: Referral = {
      ...current,
      registrations: [moved.registration],
      registrationStatus: moved.registration.status,
    }
    const saved = stamp(deps, at, next, current)
    const written = await deps.store.replace(saved, current, cause)
    if (written === 'written') return { referral: saved, written: true }
    const reread = written === 'missing' ? undefined : await deps.store.find(current.id)
    if (!reread) throw notFound('Referral', current.id)
    if (!retry) throw preconditionFailed()
    if (attempt >= maxAttempts)
      throw new CosellError(
        'resourceModified',
        'The referral kept changing during the review; retry it.',
        'referral',
      )
    current = reread
  }
}
