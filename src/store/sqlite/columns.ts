// Referral field paths that have a column of their own; every other path is read from `doc`.
import type { Referral } from '../../domain/referral/schema.js'

export const referralColumns = {
  id: 'id',
  organizationId: 'organization_id',
  engagementId: 'engagement_id',
  status: 'status',
  substatus: 'substatus',
  type: 'type',
  direction: 'direction',
  qualification: 'qualification',
  createdDateTime: 'created_date_time',
  updatedDateTime: 'updated_date_time',
  eTag: 'e_tag',
} as const

/** The row values of a referral, in the order of `rowColumns`. */
export const rowColumns = [...Object.values(referralColumns), 'doc'] as const

export function rowValues(r: Referral): string[] {
  return [
    r.id,
    r.organizationId,
    r.engagementId,
    r.status,
    r.substatus,
    r.type,
    r.direction,
    r.qualification,
    r.createdDateTime,
    r.updatedDateTime,
    r.eTag,
    // links depend on the serving host; they are filled in on the way out, in the same place
    JSON.stringify({ ...r, links: null }),
  ]
}
