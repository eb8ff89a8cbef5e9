// Referral field paths that have a column of their own; every other path is read from `doc`.
import { formatServerDateTime, parseIsoDateTime } from '../domain/referral/date-time.js'
import type { Referral } from '../domain/referral/schema.js'

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

/**
 * Every column of a referral row. `expiration_date_time` serves only the expiry query: it is not
 * in `referralColumns`, because the query compiler takes mapped columns to be never null.
 */
export const rowColumns = [...Object.values(referralColumns), 'expiration_date_time', 'doc'] as const

/** The row values of a referral, in the order of `rowColumns`; `doc` is its stored text. */
export function rowValues(r: Referral, doc = JSON.stringify({ ...r, links: null })): (string | null)[] {
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
    expirationKey(r.expirationDateTime),
    // links depend on the serving host; they are filled in on the way out, in the same place
    doc,
  ]
}

/** Server date-time text, so that text order is time order in the expiry query. */
function expirationKey(value: string | null): string | null {
  const at = value === null ? undefined : parseIsoDateTime(value)
  return at === undefined ? null : formatServerDateTime(at)
}
