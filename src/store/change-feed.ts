// How consumers read the change records the store writes with each referral write
// (domain/change/change-record.ts). A consumer keeps its own position (the last `seq` it handled)
// and asks for what came after; `onCommitted` wakes it when a write commits in this process, so it
// need not poll quickly (it should still poll slowly: another server process may have written).
import type { ActivityFilter } from '../domain/change/activity-query.js'
import type { ChangeRecord } from '../domain/change/change-record.js'

/** One page of an organisation's history, newest first. */
export interface ActivityPage {
  readonly records: ChangeRecord[]
  /** Where the next, older page begins (a `before`); absent when the log has nothing older. */
  readonly next?: number
}

export interface ChangeFeed {
  /** Records with `seq` greater than `after`, in `seq` order, at most `limit`. */
  changesAfter(after: number, limit: number): Promise<ChangeRecord[]>
  /**
   * The organisation's records that pass `filter`, newest first. A page looks at a bounded number
   * of records, so a rare filter may answer a short (even empty) page with a `next` to go on from.
   */
  activities(organizationId: string, filter: ActivityFilter): Promise<ActivityPage>
  /** The greatest `seq` written so far; 0 when none. */
  lastChange(): Promise<number>
  /** Calls `listener` after each commit that wrote change records; answers a function that stops it. */
  onCommitted(listener: () => void): () => void
}
