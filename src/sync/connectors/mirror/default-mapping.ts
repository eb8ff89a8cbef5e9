// The mapping `cosell sync init` writes for a mirror. A read-only source cannot hold the local
// referral's id, so the pair is linked the other way: the local referral's externalReferenceId
// holds the source referral's id (the engine sets it on the referrals it creates from records, and
// finds them by it; the `sourceId` field keeps it there). `crmReferralId` must still name a field:
// it names one no mirror record has, because naming `sourceId` would make the engine look for a
// local referral whose id is the source's, and find the source referral itself when both are the
// same tenant.
import type { FieldMapping, Mapping } from '../../mapping/mapping-schema.js'
import { mirrorFields, sourceIdField } from './record-fields.js'

/** Never a field of a mirror record: see above. */
export const localReferralIdField = 'localReferralId'

/** Every field to the local referral; the source id into externalReferenceId, which links the pair. */
export function mirrorMapping(): Mapping {
  const fields: FieldMapping[] = mirrorFields
    .filter((field) => field.name !== 'externalReferenceId')
    .map((field) => ({
      crm: field.name,
      referral: field.name,
      direction: 'toReferral',
      ...(field.json ? { format: 'json' as const } : {}),
    }))
  return {
    crmReferralId: localReferralIdField,
    create: { toCrm: false, toReferral: true },
    fields: [{ crm: sourceIdField, referral: 'externalReferenceId', direction: 'toReferral' }, ...fields],
  }
}
