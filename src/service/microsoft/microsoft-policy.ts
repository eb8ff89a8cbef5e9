// Microsoft's policy: read and saved through the admin API, applied whenever time moves, each
// event at its own due time (timeline/run-timeline.ts).
import { CosellError, invalidRequest } from '../../domain/errors.js'
import { decide, dueAt, MicrosoftPolicySchema, type MicrosoftPolicy } from '../../domain/microsoft/policy.js'
import { readValue } from '../../domain/read-value.js'
import { referralCatalogue } from '../../domain/referral/field-catalogue.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import type { Referral } from '../../domain/referral/schema.js'
import { parseQueryOptions } from '../../query/index.js'
import type { ServiceDeps } from '../deps.js'
import type { DuePolicy } from '../timeline/due-policy.js'
import { runTimeline } from '../timeline/run-timeline.js'
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

const counted = { accept: 'accepted', decline: 'declined', close: 'closed' } as const

/** Microsoft's scripted policy as the timeline runs it; undefined while the policy is manual. */
export async function microsoftDue(deps: ServiceDeps): Promise<DuePolicy | undefined> {
  const policy = await microsoftPolicy(deps)
  if (policy.mode !== 'scripted') return undefined
  const microsoft = (await microsoftCaller(deps)).organization.id
  return {
    pending: (until) => openReferrals(deps, microsoft, until),
    dueAt: (r) => (r.organizationId === microsoft ? dueAt(policy, r) : undefined),
    apply: async (pinned, r, at) => {
      const decision = decide(policy, r, at)
      if (!decision) return undefined
      // conditional on the version read, so two runs at once cannot both act: the loser does nothing
      return actAsMicrosoft(pinned, r.id, decision.action, decision, r.eTag, { channel: 'timeline' }).then(
        () => counted[decision.action],
        (error: unknown) => {
          if (error instanceof CosellError) return undefined // changed meanwhile: left for the next run
          throw error
        },
      )
    },
  }
}

/** Runs the scripted policy up to the clock's instant, each answer and close at its own due time. */
export async function runMicrosoftPolicy(deps: ServiceDeps): Promise<PolicyRun> {
  const due = await microsoftDue(deps)
  return policyRun(due ? (await runTimeline(deps, [due])).done : {})
}

export function policyRun(done: Readonly<Record<string, number>>): PolicyRun {
  return { accepted: done.accepted ?? 0, declined: done.declined ?? 0, closed: done.closed ?? 0 }
}

/** Microsoft's referrals still open, oldest first, a page at a time. */
async function* openReferrals(deps: ServiceDeps, microsoft: string, until: Date): AsyncIterable<Referral[]> {
  const pagingKey = await deps.store.secret()
  const query = { $filter: "status eq 'New' or status eq 'Active'", $orderby: 'createdDateTime asc' }
  let skipToken: string | undefined
  do {
    const planned = parseQueryOptions(skipToken ? { ...query, $skiptoken: skipToken } : query, {
      catalogue: referralCatalogue,
      pagingKey,
      now: formatServerDateTime(until),
    })
    if (!planned.ok) throw new Error(`policy query: ${JSON.stringify(planned.problems)}`)
    const page = await deps.store.list({ organizationId: microsoft }, planned.value)
    yield page.referrals
    skipToken = page.skipToken
  } while (skipToken !== undefined)
}
