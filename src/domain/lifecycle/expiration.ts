// Incoming leads and invitations not acted on within 14 days are archived as Closed/Expired
// (docs/lifecycle.md, the list page). Whoever creates an incoming referral sets its
// expirationDateTime with `expirationFor`; the service expires it once the clock has passed that
// instant.
import { parseIsoDateTime } from '../referral/date-time.js'
import type { Referral } from '../referral/schema.js'

export const incomingLifetimeDays = 14

export function expirationFor(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + incomingLifetimeDays * 24 * 60 * 60 * 1000)
}

/** When an incoming referral still waiting for the partner (New) expires; undefined for any other. */
export function expiresAt(r: Referral): Date | undefined {
  if (r.direction !== 'Incoming' || r.status !== 'New' || r.expirationDateTime === null) return undefined
  return parseIsoDateTime(r.expirationDateTime)
}

/** An incoming referral still New whose expiration `at` has reached. */
export function isDueForExpiry(r: Referral, at: Date): boolean {
  const expiration = expiresAt(r)
  return expiration !== undefined && expiration.getTime() <= at.getTime()
}

/** The referral archived as Closed/Expired, closed at the instant it expired. */
export function expired(r: Referral): Referral {
  return { ...r, status: 'Closed', substatus: 'Expired', closedDateTime: r.expirationDateTime }
}
