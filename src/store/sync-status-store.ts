// The sync status records (docs/sync-status.md) as both SQL stores keep them: one row per
// organisation, referral and connection, keyed in that order. A row's `held`, `lastError` and
// `history` are kept as JSON text, so a held value comes back with its keys in the order the
// engine wrote them, on either store.
import type { SyncReport } from '../domain/sync-status/sync-report.js'
import type {
  SyncConnectionState,
  SyncListedRecord,
  SyncStatusGroup,
} from '../domain/sync-status/sync-record.js'
import type { SyncRecordFilter } from '../domain/sync-status/sync-records-query.js'

export type { SyncStatusGroup }

/** One page of an organisation's records, in (referral id, connection) order. */
export interface SyncRecordsPage {
  readonly records: SyncListedRecord[]
  /** Whether a record follows the last of this page. */
  readonly more: boolean
}

export interface SyncStatusStore {
  /**
   * Saves each report on the organisation's record of its referral and connection, in one
   * transaction and in order: the status fields replaced, the events appended to the history (the
   * oldest dropped past the limit), `reportedAt` set.
   */
  saveReports(organizationId: string, reports: readonly SyncReport[], reportedAt: string): Promise<void>
  /** The referral's record on each connection, by connection name; history newest first. */
  connections(organizationId: string, referralId: string): Promise<SyncConnectionState[]>
  /** The organisation's records as `filter` asks, without their history. */
  records(organizationId: string, filter: SyncRecordFilter): Promise<SyncRecordsPage>
  /** The organisation's records counted by connection, connector and status. */
  statusGroups(organizationId: string): Promise<SyncStatusGroup[]>
}
