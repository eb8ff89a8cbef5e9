// A PostgreSQL database as a dump source: one REPEATABLE READ transaction around the whole dump,
// so it is the data of one moment while servers go on writing, and a cursor per table, so the
// rows stream in key order a page at a time (a snapshot's rows have no index in that order; the
// cursor sorts them once). It takes no server's lock: a server may run meanwhile.
import type pg from 'pg'
import type { DumpReader, DumpSource } from '../dump/dump-port.js'
import { dumpLines, recordCounts } from '../dump/dump-order.js'
import {
  type DumpCounts,
  type DumpLine,
  type SequenceRecord,
  type SettingRecord,
  type SnapshotRecord,
} from '../dump/dump-record.js'
import {
  changeRecord,
  organizationRecord,
  referralRecord,
  settingRecord,
  snapshotRecord,
  syncRecordRecord,
  userRecord,
  webhookDeliveryRecord,
  webhookRegistrationRecord,
} from '../dump/dump-rows.js'
import type { SnapshotRow } from '../snapshot-row.js'
import { StoreOpenError } from '../store-open-error.js'
import { PostgresDatabase, Statements } from './database.js'
import { latestKnown } from './migrate.js'

/** Rows a cursor fetches a round trip: fewer cost round trips, more cost memory (docs/backup.md). */
const fetchSize = 500

export class PostgresDumpSource implements DumpSource {
  private constructor(
    private readonly db: PostgresDatabase,
    readonly location: string,
  ) {}

  static async open(url: string): Promise<PostgresDumpSource> {
    const db = PostgresDatabase.connect(url, 1)
    try {
      await checkVersion(db)
    } catch (error) {
      await db.close()
      throw error
    }
    return new PostgresDumpSource(db, redactedUrl(url))
  }

  async *dump(): AsyncGenerator<DumpLine> {
    const client = await this.db.pool.connect()
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      yield* dumpLines(new PostgresDumpReader(client))
      await client.query('COMMIT')
    } finally {
      await client.query('ROLLBACK').catch(() => undefined) // after COMMIT: a warning, nothing more
      client.release()
    }
  }

  close(): Promise<void> {
    return this.db.close()
  }
}

async function checkVersion(db: PostgresDatabase): Promise<void> {
  const found = await db.row<{ table: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS table",
  )
  const version = found?.table
    ? ((await db.row<{ version: number }>('SELECT max(version) AS version FROM schema_migrations'))
        ?.version ?? 0)
    : 0
  if (version === latestKnown) return
  throw new StoreOpenError(
    version === 0
      ? 'The database holds no cosell data (it has no schema_migrations table).'
      : version > latestKnown
        ? `The database has schema version ${version}, written by a newer cosell; this one knows up to version ${latestKnown}. Export it with the newer cosell.`
        : `The database has schema version ${version}; this cosell exports version ${latestKnown}. Start \`cosell serve\` on it once (it upgrades the database), then export.`,
  )
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/** Where a sandbox table's rows are: the live table, or the mirror rows of one snapshot ($1). */
function rowsOf(table: string, snapshot: string | undefined): string {
  return snapshot === undefined ? table : `snapshot_${table} WHERE snapshot = $1`
}

class PostgresDumpReader implements DumpReader {
  readonly store = 'postgres'
  readonly schemaVersion = latestKnown
  private readonly tx: Statements
  private cursors = 0

  constructor(client: pg.PoolClient) {
    this.tx = new Statements(client)
  }

  /** The rows of `sql` in its order, a page at a time, from a cursor of the transaction. */
  private async *cursor<R>(sql: string, snapshot?: string): AsyncGenerator<R> {
    const name = `dump_${this.cursors++}`
    await this.tx.run(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, snapshot === undefined ? [] : [snapshot])
    try {
      for (;;) {
        const rows = await this.tx.rows<R>(`FETCH ${fetchSize} FROM ${name}`)
        yield* rows
        if (rows.length < fetchSize) return
      }
    } finally {
      await this.tx.run(`CLOSE ${name}`)
    }
  }

  private async count(sql: string): Promise<number> {
    return (await this.tx.row<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`))!.n
  }

  counts(): Promise<DumpCounts> {
    return recordCounts(this, (from) => this.count(from))
  }

  async settings(): Promise<SettingRecord[]> {
    const rows = await this.tx.rows<{ key: string; value: Buffer }>(
      'SELECT key, value FROM settings ORDER BY key',
    )
    return rows.map((r) => settingRecord(r.key, r.value))
  }

  async *organizations(snapshot?: string) {
    type Row = Parameters<typeof organizationRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT id, name, mpn_id AS "mpnId", created_date_time AS "createdDateTime", profile, domains
       FROM ${rowsOf('organizations', snapshot)} ORDER BY id`,
      snapshot,
    )
    for await (const row of rows) yield organizationRecord(row, snapshot)
  }

  async *users(snapshot?: string) {
    type Row = Parameters<typeof userRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT organization_id AS "organizationId", email, name, role, created_date_time AS "createdDateTime"
       FROM ${rowsOf('users', snapshot)} ORDER BY organization_id, email`,
      snapshot,
    )
    for await (const row of rows) yield userRecord(row, snapshot)
  }

  async *referrals(snapshot?: string) {
    type Row = Parameters<typeof referralRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT last_change AS "lastChange", body AS doc FROM ${rowsOf('referrals', snapshot)} ORDER BY id`,
      snapshot,
    )
    for await (const row of rows) yield referralRecord(row, snapshot)
  }

  async *changes(snapshot?: string) {
    type Row = Parameters<typeof changeRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT seq, kind, referral_id AS "referralId", organization_id AS "organizationId",
         engagement_id AS "engagementId", at, e_tag AS "eTag", actor, channel, request_id AS "requestId", fields, prev
       FROM ${rowsOf('changes', snapshot)} ORDER BY seq`,
      snapshot,
    )
    for await (const row of rows) yield changeRecord(row, snapshot)
  }

  async *syncRecords(snapshot?: string) {
    type Row = Parameters<typeof syncRecordRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT organization_id AS "organizationId", referral_id AS "referralId", connection, connector,
             crm_id AS "crmId", status, last_synced_at AS "lastSyncedAt", last_error AS "lastError", held, history,
             reported_at AS "reportedAt"
       FROM ${rowsOf('sync_records', snapshot)} ORDER BY organization_id, referral_id, connection`,
      snapshot,
    )
    for await (const row of rows) yield syncRecordRecord(row, snapshot)
  }

  async snapshots(): Promise<SnapshotRecord[]> {
    const rows = await this.tx.rows<SnapshotRow>('SELECT * FROM snapshots ORDER BY name')
    return rows.map((row) => snapshotRecord(row, latestKnown))
  }

  async *webhookRegistrations() {
    type Row = Parameters<typeof webhookRegistrationRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT subscriber_id AS "subscriberId", webhook_url AS "webhookUrl", webhook_events AS "webhookEvents",
         ms_signature_header AS "msSignatureHeader", since_seq AS "sinceSeq", last_modified AS "lastModified"
       FROM webhook_registrations ORDER BY subscriber_id`,
    )
    for await (const row of rows) yield webhookRegistrationRecord(row)
  }

  async webhookDispatch() {
    const row = await this.tx.row<{ position: number }>('SELECT position FROM webhook_dispatch WHERE id = 1')
    return row && { type: 'webhookDispatch' as const, position: row.position }
  }

  async *webhookDeliveries() {
    type Row = Parameters<typeof webhookDeliveryRecord>[0]
    const rows = this.cursor<Row>(
      `SELECT seq, id, subscriber_id AS "subscriberId", event_name AS "eventName", referral_id AS "referralId", body,
         status, attempts, last_status_code AS "lastStatusCode", last_error AS "lastError",
         next_attempt_ms AS "nextAttemptMs", created_at AS "createdAt", delivered_at AS "deliveredAt"
       FROM webhook_deliveries ORDER BY subscriber_id, seq`,
    )
    for await (const row of rows) yield webhookDeliveryRecord(row)
  }

  async sequences(): Promise<SequenceRecord[]> {
    const last = async (sequence: string) =>
      (await this.tx.row<{ last: number }>(
        `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM ${sequence}`,
      ))!.last
    return [
      { type: 'sequence', name: 'changes', last: await last('change_seq') },
      { type: 'sequence', name: 'webhookDeliveries', last: await last(deliverySequence) },
    ]
  }
}

/** The sequence behind webhook_deliveries' BIGSERIAL seq, by PostgreSQL's naming. */
export const deliverySequence = 'webhook_deliveries_seq_seq'
