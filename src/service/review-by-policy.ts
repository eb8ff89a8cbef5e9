// Applies the scripted review policy (domain/registration/review-policy.ts) to every registration
// it has come due for at the clock's current instant, across every organisation. Run when the
// clock moves and on demand; each decision depends only on the data and the clock, so running it
// twice, or from two processes, reviews each registration once (the second finds it moved on).
import { CosellError } from '../domain/errors.js'
import { referralCatalogue } from '../domain/referral/field-catalogue.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { Referral } from '../domain/referral/schema.js'
import { dueReview, type ReviewPolicy } from '../domain/registration/review-policy.js'
import { parseQueryOptions } from '../query/index.js'
import type { ServiceDeps } from './deps.js'
import { saveReview } from './review-registration.js'

/** Reviews every registration due under `policy`; answers how many it moved. */
export async function reviewByPolicy(deps: ServiceDeps, policy: ReviewPolicy): Promise<number> {
  if (policy.rules.length === 0) return 0
  const at = deps.clock.now()
  let moved = 0
  for (const referral of await awaitingReview(deps, policy)) {
    if (!dueReview(referral, policy, at)) continue
    // a referral removed or changing under the sweep (reset, restore, a busy writer) waits for the next run
    const outcome = await saveReview(deps, referral, (current) => dueReview(current, policy, at)).catch(
      (error: unknown) => {
        if (error instanceof CosellError) return undefined
        throw error
      },
    )
    if (outcome && 'written' in outcome && outcome.written) moved++
  }
  return moved
}

/** Referrals whose registration is in a status some rule reviews, read in full before any write. */
async function awaitingReview(deps: ServiceDeps, policy: ReviewPolicy): Promise<Referral[]> {
  const statuses = [...new Set(policy.rules.map((r) => r.status))]
  const $filter = statuses.map((s) => `registrationStatus eq '${s}'`).join(' or ')
  const found: Referral[] = []
  for (const organization of await deps.store.listOrganizations()) {
    let $skiptoken: string | undefined
    do {
      const planned = parseQueryOptions($skiptoken === undefined ? { $filter } : { $filter, $skiptoken }, {
        catalogue: referralCatalogue,
        pagingKey: await deps.store.secret(),
        now: formatServerDateTime(deps.clock.now()),
        scope: organization.id,
      })
      if (!planned.ok) throw new Error(`review filter did not plan: ${JSON.stringify(planned.problems)}`)
      const page = await deps.store.list({ organizationId: organization.id }, planned.value)
      found.push(...page.referrals)
      $skiptoken = page.skipToken
    } while ($skiptoken !== undefined)
  }
  return found
}
