// Co-sell step 2 (the documented create): a create carrying the `engagementId` of the caller's own
// referral and a `target` naming the party to invite — `BusinessProfileLocation` "msft" for
// Microsoft, or a location or solution profile of another partner — creates that party's referral
// in the same engagement, Incoming and New/Pending, for it to accept or decline within 14 days.
// Parts the body leaves out (customer, consent, details) are taken from the caller's referral.
import { CosellError, invalidRequest, type Problem } from '../domain/errors.js'
import { expirationFor } from '../domain/lifecycle/expiration.js'
import { microsoftOrganizationId, type Organization } from '../domain/organization/organization.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { ReferralInput } from '../domain/referral/referral-input.js'
import type { Referral } from '../domain/referral/schema.js'
import type { ChangeCause } from '../domain/change/change-record.js'
import { causeOf } from './change-cause.js'
import type { Caller, ServiceDeps } from './deps.js'
import { buildNewReferral, insertNewReferral } from './new-referral.js'
import { inReferralLane } from './referral-lane.js'
import { stamp } from './stamp.js'

export async function inviteToEngagement(
  deps: ServiceDeps,
  caller: Caller,
  input: ReferralInput & { engagementId: string },
): Promise<Referral> {
  const problems: Problem[] = [...input.problems]
  const engagement = await deps.store.inEngagement(input.engagementId)
  const own = engagement.find((r) => r.organizationId === caller.organization.id)
  if (!own) {
    problems.push({
      target: 'engagementId',
      rule: 'engagement',
      message: `engagementId ${input.engagementId} is not an engagement of your organisation: create your own referral first, then invite with the engagementId it returns.`,
    })
  }
  const invitee = await resolveInvitee(deps, caller, input.given.target, problems)
  if (invitee && own) problems.push(...invitationProblems(own, invitee, engagement))
  if (!own || !invitee) throw invalidRequest(problems)

  const at = deps.clock.now()
  const { referral, problems: built } = buildNewReferral(deps, at, {
    owner: invitee,
    invitedBy: caller.organization,
    given: {
      name: own.name,
      customerProfile: own.customerProfile,
      consent: own.consent,
      details: own.details,
      qualification: 'SalesQualified',
      ...input.given,
      team: input.given.team ?? [], // the invited party's own sellers join later
    },
    engagementId: own.engagementId,
    direction: 'Incoming',
    status: 'New',
    substatus: 'Pending',
    expirationDateTime: formatServerDateTime(expirationFor(at)),
    extra: { type: 'Shared' },
    actor: 'service',
  })
  const cause = causeOf(caller)
  const created = await insertNewReferral(deps, at, referral, [...problems, ...built], cause)
  await markShared(deps, own, cause)
  return created
}

/** The one organisation `target` names, other than the caller's own. */
async function resolveInvitee(
  deps: ServiceDeps,
  caller: Caller,
  target: unknown,
  problems: Problem[],
): Promise<Organization | undefined> {
  const targets = Array.isArray(target) ? (target as { type?: string; id?: string }[]) : []
  const organizations = await deps.store.listOrganizations()
  const named = new Map<string, Organization>()
  for (const t of targets) {
    const id = (t.id ?? '').toLowerCase()
    const match = organizations.find((o) =>
      t.type === 'BusinessProfileLocation'
        ? (o.id === microsoftOrganizationId && id === microsoftOrganizationId) ||
          o.locations.some((l) => l.id.toLowerCase() === id)
        : t.type === 'SolutionProfile' && o.solutionProfiles.some((p) => p.id.toLowerCase() === id),
    )
    if (match && match.id !== caller.organization.id) named.set(match.id, match)
  }
  if (named.size === 1) return [...named.values()][0]
  problems.push({
    target: 'target',
    rule: 'invitee',
    message:
      named.size === 0
        ? 'target must name the party to invite: [{"type":"BusinessProfileLocation","id":"msft"}] for Microsoft, or a business-profile location or solution profile of another partner organisation.'
        : 'target names more than one organisation; invite one party per request.',
  })
  return undefined
}

function invitationProblems(
  own: Referral,
  invitee: Organization,
  engagement: readonly Referral[],
): Problem[] {
  const problems: Problem[] = []
  if (own.status === 'Closed') {
    problems.push({
      target: 'engagementId',
      rule: 'terminal',
      message: `Your referral in this engagement is Closed/${own.substatus}; no one can be invited to it.`,
    })
  }
  if (invitee.id === microsoftOrganizationId && !own.consent.consentToShareReferralWithMicrosoftSellers) {
    problems.push({
      target: 'consent.consentToShareReferralWithMicrosoftSellers',
      rule: 'coSell',
      message:
        'Share your referral with Microsoft sellers (consentToShareReferralWithMicrosoftSellers true) before inviting Microsoft to co-sell.',
    })
  }
  if (engagement.some((r) => r.organizationId === invitee.id && r.status !== 'Closed')) {
    problems.push({
      target: 'target',
      rule: 'unique',
      message: `${invitee.name} already has an open referral in this engagement.`,
    })
  }
  return problems
}

/** The inviting referral is Shared from now on: another party is in its engagement. */
function markShared(deps: ServiceDeps, own: Referral, cause: ChangeCause): Promise<void> {
  return inReferralLane(deps.store, own.id, () => markSharedInTurn(deps, own, cause))
}

async function markSharedInTurn(deps: ServiceDeps, own: Referral, cause: ChangeCause): Promise<void> {
  for (
    let current: Referral | undefined = own, attempt = 0;
    current && current.type !== 'Shared' && attempt < 5;
    attempt++
  ) {
    const saved = { ...stamp(deps, deps.clock.now(), current, current), type: 'Shared' as const }
    if ((await deps.store.replace(saved, current, cause)) !== 'stale') return
    current = await deps.store.get(own.organizationId, own.id)
  }
  if (own.type !== 'Shared')
    throw new CosellError('resourceModified', 'The inviting referral kept changing; retry.', 'referral')
}
