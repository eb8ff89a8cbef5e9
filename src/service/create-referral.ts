// Create (the documented create). A body carrying an `engagementId` is step 2 of a co-sell: it
// invites the party named in `target` into that engagement (invite-to-engagement.ts).
import type { Problem } from '../domain/errors.js'
import { referralStatuses, referralSubstatuses } from '../domain/referral/enums.js'
import { missingRequired, readReferralBody } from '../domain/referral/referral-input.js'
import type { JsonObject } from '../domain/referral/normalize.js'
import { checkCreateConsent } from '../domain/referral/rules.js'
import type { Referral } from '../domain/referral/schema.js'
import type { Caller, ServiceDeps } from './deps.js'
import { inviteToEngagement } from './invite-to-engagement.js'
import { causeOf } from './change-cause.js'
import { buildNewReferral, insertNewReferral } from './new-referral.js'

export async function createReferral(deps: ServiceDeps, caller: Caller, body: unknown): Promise<Referral> {
  const input = readReferralBody(body)
  if (input.engagementId !== undefined)
    return inviteToEngagement(deps, caller, { ...input, engagementId: input.engagementId })
  const { given } = input
  const at = deps.clock.now()
  const { referral, problems } = buildNewReferral(deps, at, {
    owner: caller.organization,
    invitedBy: caller.organization,
    given,
    engagementId: deps.ids.uuid(),
    direction: 'Outgoing', // created by the caller's own organisation
    ...initialState(given),
    expirationDateTime: null,
    actor: 'partner',
  })
  return insertNewReferral(
    deps,
    at,
    referral,
    [
      ...input.problems,
      ...missingRequired(given),
      ...initialStateProblems(given),
      ...problems,
      ...checkCreateConsent(referral, deps.rules),
    ],
    causeOf(caller),
  )
}

/**
 * A partner's own referral starts Active/Accepted, unless it is created already
 * Closed. Whatever is sent must still be a status and substatus: a typo is an error, not ignored.
 */
function initialStateProblems(given: JsonObject): Problem[] {
  const fields = [
    ['status', referralStatuses],
    ['substatus', referralSubstatuses],
  ] as const
  return fields.flatMap(([field, allowed]) => {
    const value = given[field]
    if (value === undefined || value === null || (allowed as readonly unknown[]).includes(value)) return []
    return [
      {
        target: field,
        rule: 'enum',
        message: `${field} must be one of: ${allowed.join(', ')}.`,
        allowedValues: allowed,
      },
    ]
  })
}

function initialState(given: JsonObject): Pick<Referral, 'status' | 'substatus'> {
  if (given.status === 'Closed')
    return { status: 'Closed', substatus: (given.substatus as Referral['substatus']) ?? 'None' }
  return { status: 'Active', substatus: 'Accepted' }
}
