// The mapping `cosell sync init` writes for a mirror. A read-only source cannot hold the local
// referral's id, so the link runs the other way: the record's `sourceId` goes into the local
// referral's externalReferenceId, and `crmReferralId` names `sourceId` (for a read-only connector
// the engine pairs a record with the referral whose externalReferenceId is the record's sourceId).
import type { FieldMapping, Mapping } from '../../mapping/mapping-schema.js'
import { mirrorFields, sourceIdField } from './record-fields.js'

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
    crmReferralId: sourceIdField,
    create: { toCrm: false, toReferral: true },
    fields: [{ crm: sourceIdField, referral: 'externalReferenceId', direction: 'toReferral' }, ...fields],
  }
}
