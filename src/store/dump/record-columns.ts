// Where each record type goes: the table and columns both stores share (the snapshot mirrors have
// the same columns after `snapshot`), and the column values of a record. JSON values go as text;
// PostgreSQL casts it to jsonb on the way in.
import { rowColumns } from '../referral-row.js'
import { syncRecordColumns } from '../sync-record-row.js'
import { referralRowValues, settingValue, snapshotRow } from './dump-rows.js'
import type { DumpRecord, RecordOf, RecordType, SequenceRecord } from './dump-record.js'

/** The tables a store with data has rows in (snapshot mirrors follow `snapshots`): what a load needs empty. */
export const durableTables = [
  'settings',
  'organizations',
  'users',
  'referrals',
  'changes',
  'sync_records',
  'snapshots',
  'webhook_registrations',
  'webhook_dispatch',
  'webhook_deliveries',
] as const

/** Each record type's table and columns, in the order `values` gives them. */
export type RecordColumns<T extends RecordType> = {
  readonly table: string
  readonly columns: readonly string[]
  readonly values: (record: RecordOf<T>) => unknown[]
}

export type ColumnLayouts = { [T in Exclude<RecordType, 'sequence'>]: RecordColumns<T> }

/** `schemaVersion`: the target store's, at which snapshots that were restorable restore again. */
export const recordColumns = (schemaVersion: number): ColumnLayouts => ({
  setting: { table: 'settings', columns: ['key', 'value'], values: (r) => [r.key, settingValue(r)] },
  organization: {
    table: 'organizations',
    columns: ['id', 'name', 'mpn_id', 'created_date_time', 'profile', 'domains'],
    values: (r) => [
      r.id,
      r.name,
      r.mpnId,
      r.createdDateTime,
      JSON.stringify(r.profile),
      r.domains === null ? null : JSON.stringify(r.domains),
    ],
  },
  user: {
    table: 'users',
    columns: ['organization_id', 'email', 'name', 'role', 'created_date_time'],
    values: (r) => [r.organizationId, r.email, r.name, r.role, r.createdDateTime],
  },
  referral: {
    table: 'referrals',
    columns: [...rowColumns, 'last_change'],
    values: (r) => [...referralRowValues(r), r.lastChange],
  },
  change: {
    table: 'changes',
    columns: [
      'seq',
      'kind',
      'referral_id',
      'organization_id',
      'engagement_id',
      'at',
      'e_tag',
      'actor',
      'channel',
      'request_id',
      'fields',
      'prev',
    ],
    values: (r) => [
      r.seq,
      r.kind,
      r.referralId,
      r.organizationId,
      r.engagementId,
      r.at,
      r.eTag,
      r.actor,
      r.channel,
      r.requestId,
      JSON.stringify(r.fields),
      r.prev,
    ],
  },
  syncRecord: {
    table: 'sync_records',
    columns: syncRecordColumns,
    values: (r) => [
      r.organizationId,
      r.referralId,
      r.connection,
      r.connector,
      r.crmId,
      r.status,
      r.lastSyncedAt,
      r.lastError,
      r.held,
      r.history,
      r.reportedAt,
    ],
  },
  snapshot: {
    table: 'snapshots',
    columns: ['name', 'saved_at', 'clock', 'schema_version', 'counts'],
    values: (r) => {
      const row = snapshotRow(r, schemaVersion)
      return [row.name, row.saved_at, row.clock, row.schema_version, row.counts]
    },
  },
  webhookRegistration: {
    table: 'webhook_registrations',
    columns: [
      'subscriber_id',
      'webhook_url',
      'webhook_events',
      'ms_signature_header',
      'since_seq',
      'last_modified',
    ],
    values: (r) => [
      r.subscriberId,
      r.webhookUrl,
      JSON.stringify(r.webhookEvents),
      r.msSignatureHeader ? 1 : 0,
      r.sinceSeq,
      r.lastModified,
    ],
  },
  webhookDispatch: { table: 'webhook_dispatch', columns: ['id', 'position'], values: (r) => [1, r.position] },
  webhookDelivery: {
    table: 'webhook_deliveries',
    columns: [
      'seq',
      'id',
      'subscriber_id',
      'event_name',
      'referral_id',
      'body',
      'status',
      'attempts',
      'last_status_code',
      'last_error',
      'next_attempt_ms',
      'created_at',
      'delivered_at',
    ],
    values: (r) => [
      r.seq,
      r.id,
      r.subscriberId,
      r.eventName,
      r.referralId,
      r.body,
      r.status,
      r.attempts,
      r.lastStatusCode,
      r.lastError,
      r.nextAttemptMs,
      r.createdAt,
      r.deliveredAt,
    ],
  },
})

/** The records a table row holds: all but the sequences. */
export type TableRecord = Exclude<DumpRecord, SequenceRecord>

export interface TableRow {
  readonly table: string
  readonly columns: readonly string[]
  readonly values: unknown[]
}

/** The record's row: in its table, or in the table's snapshot mirror for a snapshot's row. */
export function tableRow(layouts: ColumnLayouts, record: TableRecord): TableRow {
  const layout = layouts[record.type] as RecordColumns<TableRecord['type']>
  const values = layout.values(record)
  const snapshot = 'snapshot' in record ? record.snapshot : undefined
  return snapshot === undefined
    ? { table: layout.table, columns: layout.columns, values }
    : {
        table: `snapshot_${layout.table}`,
        columns: ['snapshot', ...layout.columns],
        values: [snapshot, ...values],
      }
}
