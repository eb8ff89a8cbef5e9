// The activity history: what the change log (domain/change/change-record.ts) holds of a referral
// or of a whole organisation, newest first, for the organisation's own readers. A referral's
// history follows its visibility: whoever may read one of their own organisation's referrals may
// read its history; another organisation's referral, though readable through an engagement, keeps
// its history to itself (it names that organisation's users). The organisation-wide feed is for
// admins (a Referral User sees only some referrals).
import { readActivityQuery, type ActivityFilter } from '../domain/change/activity-query.js'
import { CosellError, invalidRequest } from '../domain/errors.js'
import { isAdmin } from '../domain/organization/organization.js'
import type { ActivityPage } from '../store/referral-store.js'
import type { Caller, ServiceDeps } from './deps.js'
import { readableReferral } from './visibility.js'

export async function referralActivities(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
  query: unknown,
): Promise<ActivityPage> {
  const filter = readFilter(query)
  if (filter.referralId !== undefined)
    throw invalidRequest([
      {
        target: 'referralId',
        rule: 'unknown',
        message: 'referralId filters the organisation-wide feed only.',
      },
    ])
  const referral = await readableReferral(deps, caller, id)
  if (referral.organizationId !== caller.organization.id)
    throw new CosellError(
      'accessDenied',
      `The referral belongs to ${referral.organizationName}: its history is theirs to read.`,
      'referral',
    )
  return deps.store.activities(referral.organizationId, { ...filter, referralId: referral.id })
}

export async function organizationActivities(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  query: unknown,
): Promise<ActivityPage> {
  const filter = readFilter(query)
  if (!isAdmin(caller.role))
    throw new CosellError(
      'accessDenied',
      "A Referral User reads the history of the referrals whose team lists them (/_cosell/referrals/{id}/activities), not the organisation's.",
      'role',
    )
  return deps.store.activities(caller.organization.id, filter)
}

function readFilter(query: unknown): ActivityFilter {
  const { filter, problems } = readActivityQuery(query)
  if (problems.length > 0) throw invalidRequest(problems)
  return filter
}
