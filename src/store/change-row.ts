// The values of a change record's row, in the column order both SQL stores insert them:
// kind, referral_id, organization_id, engagement_id, at, e_tag, actor, channel, request_id, fields.
import type { ChangeCause, FieldChange } from '../domain/change/change-record.js'
import type { Referral } from '../domain/referral/schema.js'

export const changeRowColumns =
  'kind, referral_id, organization_id, engagement_id, at, e_tag, actor, channel, request_id, fields'

/** `fields` undefined makes a `created` record; `at` is the referral's own stamped time. */
export function changeRowValues(
  referral: Referral,
  cause: ChangeCause,
  fields: readonly FieldChange[] | undefined,
): unknown[] {
  return [
    fields === undefined ? 'created' : 'updated',
    referral.id,
    referral.organizationId,
    referral.engagementId,
    fields === undefined ? referral.createdDateTime : referral.updatedDateTime,
    referral.eTag,
    cause.actor,
    cause.channel,
    cause.requestId,
    JSON.stringify(fields ?? []),
  ]
}
