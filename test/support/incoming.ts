// Incoming referrals written straight into a store, as Microsoft's side would have sent them
// (direction Incoming, New/Pending, an expirationDateTime), for the expiry tests.
import { testCause } from './change-cause.js'
import { randomUUID } from 'node:crypto'
import { formatServerDateTime } from '../../src/domain/referral/date-time.js'
import type { JsonObject } from '../../src/domain/referral/normalize.js'
import { completeReferral } from '../../src/domain/referral/referral-input.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { ReferralStore } from '../../src/store/referral-store.js'
import { partnerLedCreate } from './fixtures.js'

export interface IncomingOptions {
  readonly organizationId: string
  readonly receivedAt: Date
  /** Default: 14 days after receivedAt. */
  readonly expiration?: Date | null
  readonly substatus?: 'Pending' | 'Received'
}

export function incomingReferral(options: IncomingOptions): Referral {
  const received = formatServerDateTime(options.receivedAt)
  const expiration =
    options.expiration === undefined
      ? new Date(options.receivedAt.getTime() + 14 * 86_400_000)
      : options.expiration
  const candidate: JsonObject = {
    ...partnerLedCreate(),
    id: randomUUID(),
    engagementId: randomUUID(),
    organizationId: options.organizationId,
    organizationName: `Partner ${options.organizationId.slice(0, 8)}`,
    createdDateTime: received,
    updatedDateTime: received,
    expirationDateTime: expiration === null ? null : formatServerDateTime(expiration),
    status: 'New',
    substatus: options.substatus ?? 'Pending',
    direction: 'Incoming',
    qualification: 'SalesQualified',
    eTag: `"${randomUUID().slice(0, 8)}-0000-0100-0000-000000000000"`,
    inviteContext: { invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' } },
  }
  const { referral, problems } = completeReferral(candidate)
  if (problems.length > 0) throw new Error(`not a referral: ${JSON.stringify(problems)}`)
  return referral
}

/** Inserts an incoming referral and the organisation it belongs to. */
export async function insertIncoming(store: ReferralStore, options: IncomingOptions): Promise<Referral> {
  const referral = incomingReferral(options)
  await store.organization(options.organizationId, () => ({
    name: referral.organizationName,
    mpnId: '1234567',
    createdDateTime: referral.createdDateTime,
  }))
  await store.insert(referral, testCause)
  return referral
}
