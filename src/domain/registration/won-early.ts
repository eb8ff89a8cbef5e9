// The 72-hour rule (docs/deal-registrations.md, the deal-registration article): Microsoft asks
// partners to wait 72 hours between creating a deal-registration-eligible deal and marking it Won,
// "otherwise the registration may be rejected". It is a business rule, not API validation, so the
// Won write is accepted and the registration is flagged in `statusReason`, the field Microsoft uses
// to tell the partner about its registration; no field the real service lacks is emitted. Review
// policies read the same fact from the referral's own times (wonWithin72Hours), not from the note's
// text.
import { parseIsoDateTime } from '../referral/date-time.js'
import type { Referral } from '../referral/schema.js'

export const wonWaitHours = 72
const hourMs = 3_600_000

/** The flag for a deal created at `created` and marked Won at `wonAt`; undefined when it waited. */
export function wonEarlyNote(created: Date | undefined, wonAt: Date): string | undefined {
  if (!created) return undefined
  const hours = (wonAt.getTime() - created.getTime()) / hourMs
  if (hours >= wonWaitHours) return undefined
  return (
    `Flagged: the deal was marked Won ${Math.floor(hours)} hours after it was created, sooner than the ` +
    `${wonWaitHours} hours Microsoft asks for; the registration may be rejected.`
  )
}

/** True when the referral was closed as Won sooner than 72 hours after it was created. */
export function wonWithin72Hours(r: Referral): boolean {
  if (r.status !== 'Closed' || r.substatus !== 'Won' || r.closedDateTime === null) return false
  const closed = parseIsoDateTime(r.closedDateTime)
  return closed !== undefined && wonEarlyNote(parseIsoDateTime(r.createdDateTime), closed) !== undefined
}
