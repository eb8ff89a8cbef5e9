// Sync status records in SQLite (migration 11). Reports are written through the store's write
// batch, so they share commits with referral writes and wait, like them, while a reset or
// snapshot operation holds the data; each report reads its record's history and writes it back
// inside the batch's transaction, where nothing else writes meanwhile.
import type { Database, Statement } from 'better-sqlite3'
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
import { heldWriteError } from './snapshot-errors.js'
import type { WriteBatch } from './write-batch.js'

const listedColumns = syncRecordColumns.filter((c) => c !== 'history').join(', ')

export class SqliteSyncStatusStore implements SyncStatusStore {
  private readonly statements: Record<'history' | 'upsert' | 'connections' | 'page' | 'groups', Statement>

  constructor(
    db: Database,
    private readonly writes: WriteBatch,
  ) {
    const keys = new Set(['organization_id', 'referral_id', 'connection'])
    const updates = syncRecordColumns.filter((c) => !keys.has(c)).map((c) => `${c} = excluded.${c}`)
    this.statements = {
      history: db
        .prepare(
          'SELECT history FROM sync_records WHERE organization_id = ? AND referral_id = ? AND connection = ?',
        )
        .pluck(),
      upsert: db.prepare(
        `INSERT INTO sync_records (${syncRecordColumns.join(', ')}) VALUES (${syncRecordColumns.map(() => '?').join(', ')})
         ON CONFLICT (organization_id, referral_id, connection) DO UPDATE SET ${updates.join(', ')}`,
      ),
      connections: db.prepare(
        'SELECT * FROM sync_records WHERE organization_id = ? AND referral_id = ? ORDER BY connection',
      ),
      page: db.prepare(
        `SELECT ${listedColumns} FROM sync_records
         WHERE organization_id = @organization AND (referral_id, connection) > (@referral, @connection)
           AND (@status IS NULL OR status = @status) AND (@only IS NULL OR connection = @only)
         ORDER BY referral_id, connection LIMIT @limit`,
      ),
      groups: db.prepare(
        `SELECT connection, connector, status, count(*) AS count, max(reported_at) AS lastReportAt
         FROM sync_records WHERE organization_id = ? GROUP BY connection, connector, status
         ORDER BY connection, connector, status`,
      ),
    }
  }

  async saveReports(
    organizationId: string,
    reports: readonly SyncReport[],
    reportedAt: string,
  ): Promise<void> {
    await this.writes
      .run(() => {
        for (const report of reports) {
          const kept = this.statements.history.get(organizationId, report.referralId, report.connection) as
            string | undefined
          this.statements.upsert.run(...syncRowValues(reportRow(organizationId, report, kept, reportedAt)))
        }
      })
      .catch((error: unknown) => {
        throw heldWriteError(error)
      })
  }

  connections(organizationId: string, referralId: string): Promise<SyncConnectionState[]> {
    const rows = this.statements.connections.all(organizationId, referralId) as SyncRecordRow[]
    return Promise.resolve(rows.map(connectionState))
  }

  records(organizationId: string, filter: SyncRecordFilter): Promise<SyncRecordsPage> {
    const rows = this.statements.page.all({
      organization: organizationId,
      referral: filter.after?.referralId ?? '',
      connection: filter.after?.connection ?? '',
      status: filter.status ?? null,
      only: filter.connection ?? null,
      limit: filter.limit + 1, // one more than the page: whether another follows
    }) as SyncRecordRow[]
    return Promise.resolve({
      records: rows.slice(0, filter.limit).map(listedRecord),
      more: rows.length > filter.limit,
    })
  }

  statusGroups(organizationId: string): Promise<SyncStatusGroup[]> {
    return Promise.resolve(this.statements.groups.all(organizationId) as SyncStatusGroup[])
  }
}
