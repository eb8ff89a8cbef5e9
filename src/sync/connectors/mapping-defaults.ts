// What the default mappings of the CRM connectors share: the values a referral created from a CRM
// record needs that no mapped field gives, and a CRM stage list translated to the referral's
// status and substatus (see docs/lifecycle.md for what each pair means).
import type { ReferralStatus, ReferralSubstatus } from '../../domain/referral/enums.js'
import type { CrmValue } from './connector.js'
import type { Direction, FieldMapping, Mapping } from '../mapping/mapping-schema.js'

/** A created referral's qualification, type, consent and marketplace intent, as the portal's create form asks. */
export const createdReferralDefaults: Readonly<Record<string, unknown>> = {
  qualification: 'SalesQualified',
  type: 'Independent',
  consent: {
    consentToToShareInfoWithOthers: true,
    consentToContact: true,
    consentToMicrosoftToContactSpecificPartners: true,
    consentToShareReferralWithMicrosoftSellers: false,
  },
  details: {
    currency: 'USD',
    requirements: {
      additionalRequirements: { attributes: [{ id: 'HaveNotDecided', type: 'CustomerMarketplaceIntent' }] },
    },
  },
}

/** A CRM's stages grouped by the referral state each stands for. */
export interface StageGroups {
  /** The stage a referral still waiting for an answer (New) is written as. */
  readonly pending?: CrmValue
  /** Stages of a deal being worked (Active/Accepted); the first is the one written. */
  readonly accepted: readonly CrmValue[]
  readonly won?: CrmValue
  /** Stages of a lost deal; the first is written for Lost, Declined, Expired and Error alike. */
  readonly lost: readonly CrmValue[]
}

/**
 * The stage field ↔ [status, substatus]. The first pair matching wins in each direction, so a
 * stage read back gives its first pair and several referral states may share one stage.
 */
export function stageField(crm: string, groups: StageGroups, direction?: Direction): FieldMapping {
  const pair = (stage: CrmValue, status: ReferralStatus, substatus: ReferralSubstatus) => ({
    crm: stage,
    referral: [status, substatus],
  })
  const [firstLost, ...otherLost] = groups.lost
  const values = [
    ...(groups.pending === undefined
      ? []
      : [pair(groups.pending, 'New', 'Pending'), pair(groups.pending, 'New', 'Received')]),
    ...groups.accepted.map((stage) => pair(stage, 'Active', 'Accepted')),
    ...(groups.won === undefined ? [] : [pair(groups.won, 'Closed', 'Won')]),
    ...(firstLost === undefined
      ? []
      : (['Lost', 'Declined', 'Expired', 'Error'] as const).map((substatus) =>
          pair(firstLost, 'Closed', substatus),
        )),
    ...otherLost.map((stage) => pair(stage, 'Closed', 'Lost')),
  ]
  return { crm, referral: ['status', 'substatus'], ...(direction ? { direction } : {}), values }
}

/** The CRM fields a mapping names, its referral id and sync flag included: what a connector reads by default. */
export function mappedFields(mapping: Mapping): string[] {
  const fields = [...mapping.fields.map((f) => f.crm), mapping.crmReferralId]
  if (mapping.syncFlag) fields.push(mapping.syncFlag.field)
  return [...new Set(fields)]
}
