// Microsoft's policy: read and saved through the admin API, applied whenever time moves.
import { invalidRequest } from '../../domain/errors.js'
import { decide, MicrosoftPolicySchema, type MicrosoftPolicy } from '../../domain/microsoft/policy.js'
import { readValue } from '../../domain/read-value.js'
import { referralCatalogue } from '../../domain/referral/field-catalogue.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import { parseQueryOptions } from '../../query/index.js'
import type { ServiceDeps } from '../deps.js'
import { actAsMicrosoft } from './act-as-microsoft.js'
import { microsoftCaller } from './microsoft-caller.js'

const key = 'microsoft-policy'

export async function microsoftPolicy(deps: Pick<ServiceDeps, 'store'>): Promise<MicrosoftPolicy> {
  return readValue(MicrosoftPolicySchema, (await deps.store.setting(key)) ?? {}).value
}

/** Replaces the policy with the body's fields over the current ones. */
export async function saveMicrosoftPolicy(
  deps: Pick<ServiceDeps, 'store'>,
  body: unknown,
): Promise<MicrosoftPolicy> {
  const current = await microsoftPolicy(deps)
  const { value, problems } = readValue(MicrosoftPolicySchema, { ...current, ...(body as object | null) })
  if (problems.length > 0) throw invalidRequest(problems)
  await deps.store.saveSetting(key, value)
  return value
}

export interface PolicyRun {
  readonly accepted: number
  readonly declined: number
  readonly closed: number
}

/**
 * Applies a scripted policy to every open referral Microsoft holds. Each action goes through the
 * update use case, so two runs at once cannot both act: the loser sees a changed eTag and skips.
 */
export async function runMicrosoftPolicy(deps: ServiceDeps): Promise<PolicyRun> {
  const run = { accepted: 0, declined: 0, closed: 0 }
  const policy = await microsoftPolicy(deps)
  if (policy.mode !== 'scripted') return run
  const caller = await microsoftCaller(deps)
  const now = deps.clock.now()
  const pagingKey = await deps.store.secret()
  const openReferrals = (skipToken?: string) => {
    const query = { $filter: "status eq 'New' or status eq 'Active'", $orderby: 'createdDateTime asc' }
    const planned = parseQueryOptions(skipToken ? { ...query, $skiptoken: skipToken } : query, {
      catalogue: referralCatalogue,
      pagingKey,
      now: formatServerDateTime(now),
    })
    if (!planned.ok) throw new Error(`policy query: ${JSON.stringify(planned.problems)}`)
    return deps.store.list({ organizationId: caller.organization.id }, planned.value)
  }
  for (
    let page = await openReferrals(), pages = 1;
    pages <= 10_000;
    page = await openReferrals(page.skipToken), pages++
  ) {
    for (const referral of page.referrals) {
      const decision = decide(policy, referral, now)
      if (!decision) continue
      const done = await actAsMicrosoft(deps, referral.id, decision.action, decision).then(
        () => true,
        () => false, // changed meanwhile (by a person or another run): left for the next run
      )
      if (done)
        run[
          decision.action === 'accept' ? 'accepted' : decision.action === 'decline' ? 'declined' : 'closed'
        ]++
    }
    if (!page.skipToken) break
  }
  return run
}
