// A sync status record as a table row, the same in both stores (and in a dump): key, status
// fields, the JSON text columns, `reported_at`. Each store reads rows under these column names.
import type { SyncError, SyncEvent, SyncReport } from '../domain/sync-status/sync-report.js'
import {
  appendHistory,
  type SyncConnectionState,
  type SyncListedRecord,
} from '../domain/sync-status/sync-record.js'

export const syncRecordColumns = [
  'organization_id',
  'referral_id',
  'connection',
  'connector',
  'crm_id',
  'status',
  'last_synced_at',
  'last_error',
  'held',
  'history',
  'reported_at',
] as const

/** A row as the stores select it. */
export interface SyncRecordRow {
  organization_id: string
  referral_id: string
  connection: string
  connector: string
  crm_id: string | null
  status: SyncListedRecord['status']
  last_synced_at: string | null
  last_error: string | null
  held: string
  history: string
  reported_at: string
}

/** The row a report leaves, on top of the history `kept` (JSON text; undefined for a new record). */
export function reportRow(
  organizationId: string,
  report: SyncReport,
  kept: string | undefined,
  reportedAt: string,
): SyncRecordRow {
  const history = appendHistory(kept === undefined ? [] : (JSON.parse(kept) as SyncEvent[]), report.events)
  return {
    organization_id: organizationId,
    referral_id: report.referralId,
    connection: report.connection,
    connector: report.connector,
    crm_id: report.crmId,
    status: report.status,
    last_synced_at: report.lastSyncedAt,
    last_error: report.lastError === null ? null : JSON.stringify(report.lastError),
    held: JSON.stringify(report.held),
    history: JSON.stringify(history),
    reported_at: reportedAt,
  }
}

/** The row's values in `syncRecordColumns` order. */
export function syncRowValues(row: SyncRecordRow): (string | null)[] {
  return syncRecordColumns.map((column) => row[column])
}

export function listedRecord(row: Omit<SyncRecordRow, 'history'>): SyncListedRecord {
  return { referralId: row.referral_id, ...stateOf(row) }
}

/** The record of one connection, history newest first. */
export function connectionState(row: SyncRecordRow): SyncConnectionState {
  return { ...stateOf(row), history: (JSON.parse(row.history) as SyncEvent[]).reverse() }
}

function stateOf(row: Omit<SyncRecordRow, 'history'>): Omit<SyncConnectionState, 'history'> {
  return {
    connection: row.connection,
    connector: row.connector,
    crmId: row.crm_id,
    status: row.status,
    lastSyncedAt: row.last_synced_at,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as SyncError),
    held: JSON.parse(row.held) as SyncConnectionState['held'],
    reportedAt: row.reported_at,
  }
}
