// Microsoft sends a partner a lead (the documented referral categories): a qualified lead
// (Independent, Sales- or MarketingQualified), a marketplace lead (Independent, Direct, with
// referralSource and callToAction) or a co-sell invitation (Shared, SalesQualified,
// with Microsoft's own referral in the same engagement). It arrives Incoming and New/Pending; the
// partner accepts (Active/Accepted) or declines (Closed/Declined) within 14 days, or it expires.
import Type from 'typebox'
import { invalidRequest } from '../../domain/errors.js'
import { expirationFor } from '../../domain/lifecycle/expiration.js'
import { readValue } from '../../domain/read-value.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import { callsToAction, referralSources } from '../../domain/referral/enums.js'
import { missingRequired, readReferralBody } from '../../domain/referral/referral-input.js'
import type { Referral } from '../../domain/referral/schema.js'
import { causeOf } from '../change-cause.js'
import type { ServiceDeps } from '../deps.js'
import { findOrganization } from '../manage-directory.js'
import { buildNewReferral, insertNewReferral } from '../new-referral.js'
import { microsoftCaller, type MicrosoftVia } from './microsoft-caller.js'

export const leadKinds = ['qualifiedLead', 'marketplaceLead', 'coSellInvitation'] as const

export const SendLeadSchema = Type.Object({
  organizationId: Type.String({
    minLength: 1,
    description: 'The partner organisation (tenant id) to send the lead to.',
  }),
  kind: Type.Enum([...leadKinds], { default: 'qualifiedLead' }),
  referral: Type.Unknown({
    description: 'A Referral body: customerProfile, consent, details, team, inviteContext notes…',
  }),
  referralSource: Type.Optional(Type.Enum([...referralSources])),
  callToAction: Type.Optional(Type.Enum([...callsToAction])),
})

export interface SentLead {
  /** The partner's new Incoming referral. */
  readonly referral: Referral
  /** Microsoft's own referral in the same engagement, for a co-sell invitation. */
  readonly microsoftReferral?: Referral
}

export async function sendLead(deps: ServiceDeps, body: unknown, via?: MicrosoftVia): Promise<SentLead> {
  const { value, problems } = readValue(SendLeadSchema, body)
  if (problems.length > 0) throw invalidRequest(problems)
  const partner = await findOrganization(deps, value.organizationId)
  const caller = await microsoftCaller(deps, via)
  const microsoft = caller.organization
  const cause = causeOf(caller)
  const input = readReferralBody(value.referral ?? {})
  const at = deps.clock.now()
  const engagementId = deps.ids.uuid()
  const coSell = value.kind === 'coSellInvitation'
  const { referral, problems: built } = buildNewReferral(deps, at, {
    owner: partner,
    invitedBy: microsoft,
    given: {
      qualification: 'SalesQualified',
      ...input.given,
      ...(value.kind === 'marketplaceLead' ? { qualification: 'Direct' } : {}), // the documented referral categories: a marketplace lead is Direct
    },
    engagementId,
    direction: 'Incoming',
    status: 'New',
    substatus: 'Pending',
    expirationDateTime: formatServerDateTime(expirationFor(at)),
    extra: {
      type: coSell ? 'Shared' : 'Independent',
      ...(value.kind === 'marketplaceLead'
        ? {
            referralSource: value.referralSource ?? 'AppSource',
            callToAction: value.callToAction ?? 'ContactMe',
          }
        : {}),
    },
    actor: 'service',
  })
  const sent = await insertNewReferral(
    deps,
    at,
    referral,
    [...input.problems, ...missingRequired({ type: 'Independent', ...input.given }), ...built],
    cause,
  )
  if (!coSell) return { referral: sent }
  const own = buildNewReferral(deps, at, {
    owner: microsoft,
    invitedBy: microsoft,
    given: { ...input.given, team: input.given.team ?? [] },
    engagementId,
    direction: 'Outgoing',
    status: 'Active',
    substatus: 'Accepted',
    expirationDateTime: null,
    extra: { type: 'Shared' },
    actor: 'service',
  })
  return {
    referral: sent,
    microsoftReferral: await insertNewReferral(deps, at, own.referral, own.problems, cause),
  }
}
