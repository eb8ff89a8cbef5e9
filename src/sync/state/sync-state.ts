// What the sync keeps between runs, durably, so that a sync stopped at any moment (kill -9
// included) resumes without duplicates or lost changes: where it has read each side up to, the
// changes it has seen but not yet applied, the pairs (referral ↔ CRM record) with the last values
// both sides agreed on, changes it holds back and why, and a history of what it did. Everything is
// kept per connection (a name for one sync configuration), so one database can hold several.
import type { CrmValue } from '../connectors/connector.js'

export type Side = 'referral' | 'crm'

export const pairStatuses = ['synced', 'pending', 'held', 'conflict', 'error'] as const
export type PairStatus = (typeof pairStatuses)[number]

export interface SyncError {
  readonly reason: string
  readonly message: string
}

export interface SyncLink {
  readonly referralId: string
  readonly crmId: string
  /** The referral's eTag and the CRM record's version as last read or written by the sync. */
  readonly referralETag: string | null
  readonly crmVersion: string | null
  /** The value (CRM form) each mapped CRM field had on both sides after the last sync. */
  readonly base: Readonly<Record<string, CrmValue>>
  readonly status: PairStatus
  readonly lastError: SyncError | null
  readonly lastSyncedAt: string | null
}

/** A change the sync holds back, with why; retried when the side it waits on changes, or on `retry`. */
export interface HeldChange {
  /** The pair's key: the referral id, or `crm:<id>` for a CRM record that has no referral yet. */
  readonly pairKey: string
  /** The CRM field (`*` for the whole record: a create). */
  readonly field: string
  readonly toSide: Side
  readonly value: CrmValue
  /** `refused`: the side said no (a closed referral); `conflict`: both sides changed (policy `hold`); `invalid`: the mapping has no translation. */
  readonly kind: 'refused' | 'conflict' | 'invalid'
  readonly reason: string
  /** The versions it was held at: while both are unchanged, trying again would be refused again. */
  readonly referralETag: string | null
  readonly crmVersion: string | null
  readonly since: string
  readonly attempts: number
}

export interface WorkItem {
  readonly side: Side
  readonly id: string
  readonly detectedAt: string
}

export type HistoryAction = 'created' | 'updated' | 'linked' | 'held' | 'conflict' | 'failed' | 'released'

export interface HistoryEvent {
  readonly seq?: number
  readonly at: string
  readonly referralId: string | null
  readonly crmId: string | null
  readonly direction: 'toCrm' | 'toReferral' | 'none'
  readonly action: HistoryAction
  readonly fields: readonly string[]
  readonly message: string | null
}

/** What processing one work item ends with, written in one transaction with the item's removal. */
export interface Settlement {
  readonly link?: SyncLink
  /** The pair's held changes after this step (replacing those it had). */
  readonly pairKey: string
  readonly held: readonly HeldChange[]
  readonly events: readonly HistoryEvent[]
  /** Other pairs whose held changes this step ends (a CRM record's `crm:<id>` once it has a referral). */
  readonly clear?: readonly string[]
}

export interface StatusCounts {
  readonly pairs: Readonly<Record<PairStatus, number>>
  readonly pending: number
  readonly held: number
}

export interface SyncState {
  cursor(side: Side): Promise<string | undefined>
  /** Records seen changes and, in the same transaction, moves the side's cursor past them. */
  enqueue(side: Side, ids: readonly string[], cursor: string | undefined, at: string): Promise<void>
  pending(limit: number): Promise<WorkItem[]>
  linkByReferral(referralId: string): Promise<SyncLink | undefined>
  linkByCrm(crmId: string): Promise<SyncLink | undefined>
  heldFor(pairKey: string): Promise<HeldChange[]>
  /** Removes the item (when given) and writes the settlement, at once. */
  settle(item: WorkItem | undefined, settlement: Settlement): Promise<void>
  /** Notes that a create for this pair is about to be sent; the pair's settlement forgets it. */
  intend(pairKey: string, at: string): Promise<void>
  /** Whether a create for this pair was sent and never settled (a sync killed in between). */
  intended(pairKey: string): Promise<boolean>
  links(options: { status?: PairStatus; after?: string; limit: number }): Promise<SyncLink[]>
  held(options: { limit: number }): Promise<HeldChange[]>
  history(pairKeys: readonly string[], limit: number): Promise<HistoryEvent[]>
  /** History not yet reported to the Referrals endpoint, oldest first. */
  unreported(limit: number): Promise<HistoryEvent[]>
  markReported(throughSeq: number): Promise<void>
  counts(): Promise<StatusCounts>
  close(): Promise<void>
}
