// The storage port, in domain terms only. Both SQL stores implement it; the service never sees a
// concrete store.
import type { Referral } from '../domain/referral/schema.js'

export interface Organization {
  readonly id: string
  readonly name: string
  readonly mpnId: string
  readonly createdDateTime: string
}

/** A list request already checked and planned by the query engine. */
export interface ListRequest {
  readonly organizationId: string
  readonly plan: unknown
  /** How many rows to return at most (one page). */
  readonly limit: number
}

export interface ListResult {
  readonly referrals: Referral[]
  /** The ORDER BY key values of each returned row, for the paging token. */
  readonly keys: unknown[][]
  /** How many referrals match, ignoring paging. */
  readonly count: number
}

export type WriteOutcome = 'written' | 'stale' | 'missing'

export interface ReferralStore {
  insert(referral: Referral): Promise<void>
  get(organizationId: string, id: string): Promise<Referral | undefined>
  /** Replaces the referral only while its stored eTag is still `expectedEtag`: one atomic step. */
  replace(referral: Referral, expectedEtag: string): Promise<WriteOutcome>
  list(request: ListRequest): Promise<ListResult>
  /** The organisation, created with `defaults` on first use. */
  organization(id: string, defaults: () => Omit<Organization, 'id'>): Promise<Organization>
  /** A secret kept with the data, shared by every server process on the same store. */
  secret(): Promise<Buffer>
  close(): Promise<void>
}
