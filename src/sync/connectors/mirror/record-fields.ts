// The fields of a mirror record: the referral flattened by the paths a create or PATCH may write,
// the top-level ones and one level below them, each named by its referral path. Lists and objects
// below that are whole JSON texts (the mapping's `format: 'json'`). Fields the service sets
// (isMatchingComplete, incentiveLevel, invitedBy…) are left out: no client can write them.
import type { Referral } from '../../../client/index.js'
import type { CrmFields, CrmValue } from '../connector.js'
import type { clientWritableFields } from '../../../domain/referral/referral-input.js'
import { readPath } from '../../mapping/referral-path.js'

type WritableField = (typeof clientWritableFields)[number]

export interface MirrorField {
  /** The field's name, which is also its referral path: `details.dealValue`. */
  readonly name: WritableField | `${WritableField}.${string}`
  /** Held as JSON text. */
  readonly json: boolean
}

/** The source referral's id: the link a local referral keeps in its externalReferenceId. */
export const sourceIdField = 'sourceId'

const scalar = (name: MirrorField['name']): MirrorField => ({ name, json: false })
const json = (name: MirrorField['name']): MirrorField => ({ name, json: true })

export const mirrorFields: readonly MirrorField[] = [
  scalar('name'),
  scalar('externalReferenceId'),
  scalar('status'),
  scalar('substatus'),
  scalar('statusReason'),
  scalar('qualification'),
  scalar('type'),
  scalar('favorite'),
  scalar('campaignId'),
  scalar('salesStage'),
  scalar('referralProgram'),
  json('target'),
  json('team'),
  scalar('customerProfile.name'),
  scalar('customerProfile.size'),
  json('customerProfile.address'),
  json('customerProfile.team'),
  json('customerProfile.ids'),
  scalar('consent.consentToToShareInfoWithOthers'),
  scalar('consent.consentToContact'),
  scalar('consent.consentToShareReferralWithMicrosoftSellers'),
  scalar('consent.consentToMicrosoftToContactSpecificPartners'),
  scalar('details.notes'),
  scalar('details.dealValue'),
  scalar('details.currency'),
  scalar('details.closingDateTime'),
  scalar('details.customerRequestedContact'),
  scalar('details.customerAction'),
  json('details.requirements'),
  scalar('inviteContext.notes'),
  scalar('inviteContext.assistanceRequestCode'),
]

export function recordFields(referral: Referral): CrmFields {
  const fields: Record<string, CrmValue> = { [sourceIdField]: referral.id }
  for (const field of mirrorFields) {
    const value = readPath(referral, field.name) ?? null
    fields[field.name] = field.json ? (value === null ? null : JSON.stringify(value)) : (value as CrmValue)
  }
  return fields
}
