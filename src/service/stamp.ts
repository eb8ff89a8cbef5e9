// Server-owned fields every write sets: the time, a new eTag, and the values derived from the
// referral's own state (type from consent, accepted and closed times from status).
import { formatEtag } from '../domain/etag.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import { deriveType } from '../domain/referral/referral-input.js'
import type { Referral } from '../domain/referral/schema.js'
import type { ServiceDeps } from './deps.js'

/** `at` is the moment of the write, read once from the clock so every field of it agrees. */
export function stamp(deps: Pick<ServiceDeps, 'ids'>, at: Date, r: Referral, before?: Referral): Referral {
  const now = formatServerDateTime(at)
  const enteredActive = r.status === 'Active' && before?.status !== 'Active'
  const enteredClosed = r.status === 'Closed' && before?.status !== 'Closed'
  return {
    ...r,
    updatedDateTime: now,
    type: deriveType(r, before?.type === 'Shared'), // once shared with another party, always
    eTag: formatEtag(deps.ids.hex8(), at),
    acceptedDateTime: enteredActive ? (r.acceptedDateTime ?? now) : r.acceptedDateTime,
    closedDateTime: enteredClosed ? now : r.closedDateTime,
  }
}
