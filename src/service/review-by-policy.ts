// Applies the scripted review policy (domain/registration/review-policy.ts) to every registration
// it has come due for, across every organisation, each review at its own due time
// (timeline/run-timeline.ts). Run when the clock moves and on demand; each decision depends only
// on the data and the time, so running it twice, or from two processes, reviews each registration
// once (the second finds it moved on).
import { CosellError } from '../domain/errors.js'
import { referralCatalogue } from '../domain/referral/field-catalogue.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { Referral } from '../domain/referral/schema.js'
import { dueReview, scheduledReview, type ReviewPolicy } from '../domain/registration/review-policy.js'
import { parseQueryOptions } from '../query/index.js'
import { timelineCause } from './change-cause.js'
import type { ServiceDeps } from './deps.js'
import { saveReview } from './review-registration.js'
import type { DuePolicy } from './timeline/due-policy.js'
import { runTimeline } from './timeline/run-timeline.js'

const reviewCause = timelineCause('registration-review-policy')

/** Reviews every registration due under `policy` by the clock's instant; answers how many it moved. */
export async function reviewByPolicy(deps: ServiceDeps, policy: ReviewPolicy): Promise<number> {
  const due = reviewDue(deps, policy)
  return due ? ((await runTimeline(deps, [due])).done.reviewed ?? 0) : 0
}

/** The review policy as the timeline runs it; undefined for manual review. */
export function reviewDue(deps: ServiceDeps, policy: ReviewPolicy): DuePolicy | undefined {
  if (policy.rules.length === 0) return undefined
  return {
    pending: (until) => awaitingReview(deps, policy, until),
    dueAt: (referral) => scheduledReview(referral, policy)?.at,
    apply: async (pinned, referral, at) => {
      // a referral removed or changing under the run (reset, restore, a busy writer) waits for the next run
      const outcome = await saveReview(
        pinned,
        referral,
        (current) => dueReview(current, policy, at),
        reviewCause,
      ).catch((error: unknown) => {
        if (error instanceof CosellError) return undefined
        throw error
      })
      return outcome && 'written' in outcome && outcome.written ? 'reviewed' : undefined
    },
  }
}

/** Referrals whose registration is in a status some rule reviews, a page at a time. */
async function* awaitingReview(
  deps: ServiceDeps,
  policy: ReviewPolicy,
  until: Date,
): AsyncIterable<Referral[]> {
  const statuses = [...new Set(policy.rules.map((r) => r.status))]
  const $filter = statuses.map((s) => `registrationStatus eq '${s}'`).join(' or ')
  for (const organization of await deps.store.listOrganizations()) {
    let $skiptoken: string | undefined
    do {
      const planned = parseQueryOptions($skiptoken === undefined ? { $filter } : { $filter, $skiptoken }, {
        catalogue: referralCatalogue,
        pagingKey: await deps.store.secret(),
        now: formatServerDateTime(until),
        scope: organization.id,
      })
      if (!planned.ok) throw new Error(`review filter did not plan: ${JSON.stringify(planned.problems)}`)
      const page = await deps.store.list({ organizationId: organization.id }, planned.value)
      yield page.referrals
      $skiptoken = page.skipToken
    } while ($skiptoken !== undefined)
  }
}
