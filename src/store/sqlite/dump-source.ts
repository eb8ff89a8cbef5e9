// A data directory as a dump source: a read-only connection of its own, so a server may go on
// serving the directory meanwhile (WAL lets a reader beside the writer), and one read transaction
// around the whole dump, so the dump is the data of one moment. The signing key lives beside the
// database (signing-key.json); it is dumped as the `json:signing-key` setting, where the
// PostgreSQL store keeps it.
import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { signingKeyFile } from '../../auth/signing-key.js'
import type { DumpReader, DumpSource } from '../dump/dump-port.js'
import { dumpLines, dumpPageSize, recordCounts, keysetRows } from '../dump/dump-order.js'
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
import { latestKnown } from './migrate.js'
import type { RegistrationRow } from './webhook-store.js'

/** The setting the PostgreSQL store keeps the signing key in; here it is a file. */
export const signingKeySetting = 'json:signing-key'

export class SqliteDumpSource implements DumpSource {
  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  static open(dataDir: string): SqliteDumpSource {
    const directory = resolve(dataDir)
    const file = join(directory, 'cosell.db')
    if (!existsSync(file)) throw new StoreOpenError(`${directory} holds no cosell database (no cosell.db).`)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      checkVersion(db, file)
    } catch (error) {
      db.close()
      throw error
    }
    return new SqliteDumpSource(db, directory)
  }

  async *dump(): AsyncGenerator<DumpLine> {
    this.db.exec('BEGIN') // the first read fixes what the whole transaction sees
    try {
      yield* dumpLines(new SqliteDumpReader(this.db, this.location))
    } finally {
      this.db.exec('COMMIT')
    }
  }

  close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}

function checkVersion(db: Database.Database, file: string): void {
  const version = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null
  if (version === latestKnown) return
  throw new StoreOpenError(
    version !== null && version > latestKnown
      ? `${file} has schema version ${version}, written by a newer cosell; this one knows up to version ${latestKnown}. Export it with the newer cosell.`
      : `${file} has schema version ${version ?? 0}; this cosell exports version ${latestKnown}. Start \`cosell serve\` on it once (it upgrades the database), stop it, then export.`,
  )
}

/** Where a sandbox table's rows are: the live table, or the mirror rows of one snapshot. */
function rowsOf(table: string, snapshot: string | undefined): string {
  return snapshot === undefined ? `${table} WHERE` : `snapshot_${table} WHERE snapshot = @snapshot AND`
}

class SqliteDumpReader implements DumpReader {
  readonly store = 'sqlite'
  readonly schemaVersion = latestKnown
  private readonly statements = new Map<string, Database.Statement>()

  constructor(
    private readonly db: Database.Database,
    private readonly directory: string,
  ) {}

  private all<R>(sql: string, params: Record<string, unknown> = {}): R[] {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement.all({ limit: dumpPageSize, ...params }) as R[]
  }

  private count(sql: string): number {
    return this.all<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`)[0]!.n
  }

  counts(): Promise<DumpCounts> {
    return recordCounts(this, (from) => Promise.resolve(this.count(from)))
  }

  settings(): Promise<SettingRecord[]> {
    const rows = this.all<{ key: string; value: Buffer }>('SELECT key, value FROM settings ORDER BY key')
    const records = rows.filter((r) => r.key !== signingKeySetting).map((r) => settingRecord(r.key, r.value))
    const keyFile = signingKeyFile(this.directory)
    if (existsSync(keyFile)) {
      const jwk = JSON.stringify(JSON.parse(readFileSync(keyFile, 'utf8')))
      records.push(settingRecord(signingKeySetting, Buffer.from(jwk, 'utf8')))
      records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    }
    return Promise.resolve(records)
  }

  async *organizations(snapshot?: string) {
    type Row = {
      id: string
      name: string
      mpnId: string
      createdDateTime: string
      profile: string
      domains: string | null
    }
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT id, name, mpn_id AS mpnId, created_date_time AS createdDateTime, profile, domains
           FROM ${rowsOf('organizations', snapshot)} id > @id ORDER BY id LIMIT @limit`,
          { snapshot, id: after?.id ?? '' },
        ),
      ),
    )
    for await (const row of rows)
      yield organizationRecord(
        {
          ...row,
          profile: JSON.parse(row.profile),
          domains: row.domains === null ? null : (JSON.parse(row.domains) as string[]),
        },
        snapshot,
      )
  }

  async *users(snapshot?: string) {
    type Row = { organizationId: string; email: string; name: string; role: string; createdDateTime: string }
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT organization_id AS organizationId, email, name, role, created_date_time AS createdDateTime
           FROM ${rowsOf('users', snapshot)} (organization_id, email) > (@organization, @email)
           ORDER BY organization_id, email LIMIT @limit`,
          { snapshot, organization: after?.organizationId ?? '', email: after?.email ?? '' },
        ),
      ),
    )
    for await (const row of rows) yield userRecord(row, snapshot)
  }

  async *referrals(snapshot?: string) {
    type Row = { id: string; lastChange: number | null; doc: string }
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT id, last_change AS lastChange, doc FROM ${rowsOf('referrals', snapshot)} id > @id
           ORDER BY id LIMIT @limit`,
          { snapshot, id: after?.id ?? '' },
        ),
      ),
    )
    for await (const row of rows) yield referralRecord(row, snapshot)
  }

  async *changes(snapshot?: string) {
    type Row = Parameters<typeof changeRecord>[0] & { fields: string }
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT seq, kind, referral_id AS referralId, organization_id AS organizationId,
             engagement_id AS engagementId, at, e_tag AS eTag, actor, channel, request_id AS requestId, fields, prev
           FROM ${rowsOf('changes', snapshot)} seq > @seq ORDER BY seq LIMIT @limit`,
          { snapshot, seq: after?.seq ?? -1 },
        ),
      ),
    )
    for await (const row of rows) yield changeRecord({ ...row, fields: JSON.parse(row.fields) }, snapshot)
  }

  async *syncRecords(snapshot?: string) {
    type Row = Parameters<typeof syncRecordRecord>[0]
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT organization_id AS "organizationId", referral_id AS "referralId", connection, connector,
             crm_id AS "crmId", status, last_synced_at AS "lastSyncedAt", last_error AS "lastError", held, history,
             reported_at AS "reportedAt"
           FROM ${rowsOf('sync_records', snapshot)} (organization_id, referral_id, connection) > (@organization, @referral, @connection)
           ORDER BY organization_id, referral_id, connection LIMIT @limit`,
          {
            snapshot,
            organization: after?.organizationId ?? '',
            referral: after?.referralId ?? '',
            connection: after?.connection ?? '',
          },
        ),
      ),
    )
    for await (const row of rows) yield syncRecordRecord(row, snapshot)
  }

  snapshots(): Promise<SnapshotRecord[]> {
    const rows = this.all<SnapshotRow>('SELECT * FROM snapshots ORDER BY name')
    return Promise.resolve(rows.map((row) => snapshotRecord(row, latestKnown)))
  }

  async *webhookRegistrations() {
    type Row = RegistrationRow
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          'SELECT * FROM webhook_registrations WHERE subscriber_id > @id ORDER BY subscriber_id LIMIT @limit',
          { id: after?.subscriber_id ?? '' },
        ),
      ),
    )
    for await (const row of rows)
      yield webhookRegistrationRecord({
        subscriberId: row.subscriber_id,
        webhookUrl: row.webhook_url,
        webhookEvents: JSON.parse(row.webhook_events) as string[],
        msSignatureHeader: row.ms_signature_header !== 0,
        sinceSeq: row.since_seq,
        lastModified: row.last_modified,
      })
  }

  webhookDispatch() {
    const [row] = this.all<{ position: number }>('SELECT position FROM webhook_dispatch WHERE id = 1')
    return Promise.resolve(row && { type: 'webhookDispatch' as const, position: row.position })
  }

  async *webhookDeliveries() {
    type Row = Parameters<typeof webhookDeliveryRecord>[0]
    const rows = keysetRows<Row>((after) =>
      Promise.resolve(
        this.all<Row>(
          `SELECT seq, id, subscriber_id AS subscriberId, event_name AS eventName, referral_id AS referralId, body,
             status, attempts, last_status_code AS lastStatusCode, last_error AS lastError,
             next_attempt_ms AS nextAttemptMs, created_at AS createdAt, delivered_at AS deliveredAt
           FROM webhook_deliveries WHERE (subscriber_id, seq) > (@subscriber, @seq)
           ORDER BY subscriber_id, seq LIMIT @limit`,
          { subscriber: after?.subscriberId ?? '', seq: after?.seq ?? -1 },
        ),
      ),
    )
    for await (const row of rows) yield webhookDeliveryRecord(row)
  }

  sequences(): Promise<SequenceRecord[]> {
    const last = (table: string) =>
      this.all<{ seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = @table', { table })[0]?.seq ?? 0
    return Promise.resolve([
      { type: 'sequence', name: 'changes', last: last('changes') },
      { type: 'sequence', name: 'webhookDeliveries', last: last('webhook_deliveries') },
    ])
  }
}
