// What every new referral goes through, whoever creates it (a partner for itself, a partner
// inviting another party, Microsoft sending a lead): the server's fields, the schema, the rules,
// the lifecycle, then a stamped insert.
import { invalidRequest, type Problem } from '../domain/errors.js'
import { checkState, type Actor } from '../domain/lifecycle/check-transition.js'
import type { Organization } from '../domain/organization/organization.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { JsonObject } from '../domain/referral/normalize.js'
import { completeReferral } from '../domain/referral/referral-input.js'
import { checkReferral } from '../domain/referral/rules.js'
import type { Referral } from '../domain/referral/schema.js'
import type { ChangeCause } from '../domain/change/change-record.js'
import type { ServiceDeps } from './deps.js'
import { stamp } from './stamp.js'
import { uniqueProblems } from './unique-problems.js'

export interface NewReferral {
  /** The organisation the referral belongs to. */
  readonly owner: Organization
  /** The organisation that created or sent it (inviteContext.invitedBy). */
  readonly invitedBy: Organization
  /** Client-writable fields, normalised. */
  readonly given: JsonObject
  readonly engagementId: string
  readonly direction: 'Incoming' | 'Outgoing'
  readonly status: Referral['status']
  readonly substatus: Referral['substatus']
  readonly expirationDateTime: string | null
  /** Service-set fields beyond the usual ones (type, referralSource, callToAction…). */
  readonly extra?: JsonObject
  readonly actor: Actor
}

/** Builds and checks the referral; every problem is collected, none thrown. */
export function buildNewReferral(deps: Pick<ServiceDeps, 'ids' | 'rules'>, at: Date, spec: NewReferral) {
  const now = formatServerDateTime(at)
  const { owner, invitedBy } = spec
  const candidate: JsonObject = {
    ...spec.given,
    id: deps.ids.uuid(),
    engagementId: spec.engagementId,
    organizationId: owner.id,
    organizationName: owner.name,
    createdDateTime: now,
    updatedDateTime: now,
    expirationDateTime: spec.expirationDateTime,
    eTag: '',
    direction: spec.direction,
    mpnId: owner.mpnId,
    status: spec.status,
    substatus: spec.substatus,
    ...spec.extra,
    inviteContext: {
      ...(spec.given.inviteContext as JsonObject | undefined),
      invitedMpnId: invitedBy.mpnId,
      invitedBy: { organizationId: invitedBy.id, organizationName: invitedBy.name },
    },
  }
  const { referral, problems } = completeReferral(candidate)
  problems.push(...checkReferral(referral, deps.rules), ...checkState(referral, spec.actor))
  return { referral, problems }
}

/** Stamps and stores a checked referral, or answers 400 with every problem. */
export async function insertNewReferral(
  deps: Pick<ServiceDeps, 'ids' | 'store'>,
  at: Date,
  referral: Referral,
  problems: readonly Problem[],
  cause: ChangeCause,
): Promise<Referral> {
  const created = stampedNewReferral(deps, at, referral, problems)
  await deps.store.insert(created, cause)
  return created
}

/** A checked referral stamped for its insert, or 400 with every problem. */
export function stampedNewReferral(
  deps: Pick<ServiceDeps, 'ids'>,
  at: Date,
  referral: Referral,
  problems: readonly Problem[],
): Referral {
  if (problems.length > 0) throw invalidRequest(uniqueProblems(problems))
  // a referral its owner created is accepted at creation, even when created Closed
  const accepted =
    referral.direction === 'Outgoing' || referral.status === 'Active' ? formatServerDateTime(at) : null
  return stamp(deps, at, { ...referral, acceptedDateTime: accepted })
}
