// Sync status records in PostgreSQL (migration 2), as the embedded store keeps them. A batch of
// reports is one transaction; each report locks its record's row (FOR UPDATE) before it appends
// to the history, so two servers saving reports on one record take turns and neither loses the
// other's events. Every statement names the organisation (Citus: one shard).
import type { SyncReport } from '../../domain/sync-status/sync-report.js'
import type { SyncConnectionState } from '../../domain/sync-status/sync-record.js'
import type { SyncRecordFilter } from '../../domain/sync-status/sync-records-query.js'
import {
  connectionState,
  listedRecord,
  reportRow,
  syncRecordColumns,
  syncRowValues,
  type SyncRecordRow,
} from '../sync-record-row.js'
import type { SyncRecordsPage, SyncStatusGroup, SyncStatusStore } from '../sync-status-store.js'
import type { PostgresDatabase, Queryable } from './database.js'

const key = 'organization_id = $1 AND referral_id = $2 AND connection = $3'
const keyColumns: ReadonlySet<string> = new Set(['organization_id', 'referral_id', 'connection'])
/** The row's key is the WHERE of an update, never an assignment (Citus refuses one that sets the distribution column). */
const assignments = syncRecordColumns
  .map((c, i) => [c, `$${i + 1}`] as const)
  .filter(([c]) => !keyColumns.has(c))
  .map(([c, p]) => `${c} = ${p}`)
  .join(', ')
const insert = `INSERT INTO sync_records (${syncRecordColumns.join(', ')})
  VALUES (${syncRecordColumns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`
const listedColumns = syncRecordColumns.filter((c) => c !== 'history').join(', ')

export class PostgresSyncStatusStore implements SyncStatusStore {
  constructor(private readonly db: PostgresDatabase) {}

  async saveReports(
    organizationId: string,
    reports: readonly SyncReport[],
    reportedAt: string,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const report of reports) await saveReport(tx, organizationId, report, reportedAt)
    })
  }

  async connections(organizationId: string, referralId: string): Promise<SyncConnectionState[]> {
    const rows = await this.db.rows<SyncRecordRow>(
      'SELECT * FROM sync_records WHERE organization_id = $1 AND referral_id = $2 ORDER BY connection',
      [organizationId, referralId],
    )
    return rows.map(connectionState)
  }

  async records(organizationId: string, filter: SyncRecordFilter): Promise<SyncRecordsPage> {
    const rows = await this.db.rows<SyncRecordRow>(
      `SELECT ${listedColumns} FROM sync_records
       WHERE organization_id = $1 AND (referral_id, connection) > ($2, $3)
         AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR connection = $5)
       ORDER BY referral_id, connection LIMIT $6`,
      [
        organizationId,
        filter.after?.referralId ?? '',
        filter.after?.connection ?? '',
        filter.status ?? null,
        filter.connection ?? null,
        filter.limit + 1, // one more than the page: whether another follows
      ],
    )
    return { records: rows.slice(0, filter.limit).map(listedRecord), more: rows.length > filter.limit }
  }

  async statusGroups(organizationId: string): Promise<SyncStatusGroup[]> {
    return this.db.rows<SyncStatusGroup>(
      `SELECT connection, connector, status, count(*)::integer AS count, max(reported_at) AS "lastReportAt"
       FROM sync_records WHERE organization_id = $1 GROUP BY connection, connector, status
       ORDER BY connection, connector, status`,
      [organizationId],
    )
  }
}

/** Locks the record (or, for a new one, inserts it: of two servers inserting it, one does and the other then locks it). */
async function saveReport(
  tx: Queryable,
  organizationId: string,
  report: SyncReport,
  reportedAt: string,
): Promise<void> {
  const where = [organizationId, report.referralId, report.connection]
  for (;;) {
    const kept = await tx.row<{ history: string }>(
      `SELECT history FROM sync_records WHERE ${key} FOR UPDATE`,
      where,
    )
    const values = syncRowValues(reportRow(organizationId, report, kept?.history, reportedAt))
    if (kept) return void (await tx.run(`UPDATE sync_records SET ${assignments} WHERE ${key}`, values))
    if ((await tx.run(insert, values)) === 1) return
  }
}
