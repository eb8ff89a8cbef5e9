// Create (the documented create). A body carrying an `engagementId` is step 2 of a co-sell: it
// invites the party named in `target` into that engagement (invite-to-engagement.ts).
import { CosellError, type Problem } from '../domain/errors.js'
import { referralStatuses, referralSubstatuses } from '../domain/referral/enums.js'
import { missingRequired, readReferralBody, type ReferralInput } from '../domain/referral/referral-input.js'
import type { JsonObject } from '../domain/referral/normalize.js'
import { checkCreateConsent } from '../domain/referral/rules.js'
import type { Referral } from '../domain/referral/schema.js'
import type { Caller, ServiceDeps } from './deps.js'
import { inviteToEngagement } from './invite-to-engagement.js'
import { causeOf } from './change-cause.js'
import { buildNewReferral, stampedNewReferral } from './new-referral.js'

/** Times another server may move the clock between a create's stamp and its insert before it gives up. */
const clockMovesAtMost = 10

/**
 * The insert states the clock it was stamped with (`asRead`); when another server moved the clock
 * in between, the store refuses it and the referral is made again on the clock as now stored.
 */
export async function createReferral(deps: ServiceDeps, caller: Caller, body: unknown): Promise<Referral> {
  const input = readReferralBody(body)
  if (input.engagementId !== undefined) {
    await deps.clock.catchUp?.() // its writes state no clock: read it as stored first
    return inviteToEngagement(deps, caller, { ...input, engagementId: input.engagementId })
  }
  for (let moves = 0; ; moves++) {
    const created = newOwnReferral(deps, caller, input)
    if ((await deps.store.insert(created, causeOf(caller), deps.clock.asRead?.())) === 'written')
      return created
    if (moves >= clockMovesAtMost)
      throw new CosellError(
        'resourceModified',
        'The virtual clock kept moving while this referral was created; retry it.',
        'referral',
      )
    await deps.clock.catchUp?.()
  }
}

/** The caller's own new referral, checked and stamped on the clock as it reads now. */
function newOwnReferral(deps: ServiceDeps, caller: Caller, input: ReferralInput): Referral {
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
  return stampedNewReferral(deps, at, referral, [
    ...input.problems,
    ...missingRequired(given),
    ...initialStateProblems(given),
    ...problems,
    ...checkCreateConsent(referral, deps.rules),
  ])
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
