// Create (E3, spec §8.3): normalise → validate → fill the server's fields → store.
import { invalidRequest, type Problem } from '../domain/errors.js'
import { referralStatuses, referralSubstatuses } from '../domain/referral/enums.js'
import { checkState } from '../domain/lifecycle/check-transition.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import { completeReferral, missingRequired, readReferralBody } from '../domain/referral/referral-input.js'
import { checkCreateConsent, checkReferral } from '../domain/referral/rules.js'
import type { Referral } from '../domain/referral/schema.js'
import type { JsonObject } from '../domain/referral/normalize.js'
import type { Caller, ServiceDeps } from './deps.js'
import { stamp } from './stamp.js'
import { uniqueProblems } from './unique-problems.js'

export async function createReferral(deps: ServiceDeps, caller: Caller, body: unknown): Promise<Referral> {
  const { given, problems } = readReferralBody(body)
  problems.push(...missingRequired(given), ...initialStateProblems(given))
  const org = caller.organization
  const at = deps.clock.now()
  const now = formatServerDateTime(at)
  const candidate: JsonObject = {
    ...given,
    id: deps.ids.uuid(),
    engagementId: deps.ids.uuid(),
    organizationId: org.id,
    organizationName: org.name,
    createdDateTime: now,
    updatedDateTime: now,
    eTag: '',
    direction: 'Outgoing', // decision 24: created by the caller's own organisation
    mpnId: org.mpnId,
    ...initialState(given),
    inviteContext: {
      ...(given.inviteContext as JsonObject | undefined),
      invitedMpnId: org.mpnId,
      invitedBy: { organizationId: org.id, organizationName: org.name },
    },
  }
  const { referral, problems: shapeProblems } = completeReferral(candidate)
  problems.push(...shapeProblems)
  problems.push(...checkReferral(referral, deps.rules), ...checkCreateConsent(referral, deps.rules))
  problems.push(...checkState(referral, 'partner'))
  if (problems.length > 0) throw invalidRequest(uniqueProblems(problems))

  const created = stamp(deps, at, { ...referral, acceptedDateTime: now })
  await deps.store.insert(created)
  return created
}

/**
 * decision 34: a partner's own referral starts Active/Accepted, unless it is created already
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

function initialState(given: JsonObject): JsonObject {
  if (given.status === 'Closed') return { status: 'Closed', substatus: given.substatus ?? 'None' }
  return { status: 'Active', substatus: 'Accepted' }
}
