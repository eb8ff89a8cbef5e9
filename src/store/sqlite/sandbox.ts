// The sandbox part of the SQLite store: the clock's state (in `settings`), the expiry query, reset
// and snapshots. The referral store extends this class, so one handle and one lock serve all.
import type { Database } from 'better-sqlite3'
import { invalidRequest } from '../../domain/errors.js'
import type { Referral } from '../../domain/referral/schema.js'
import {
  clockSettingKey,
  type ClockState,
  type SandboxCounts,
  type SandboxStore,
  type SnapshotClock,
  type SnapshotInfo,
} from '../sandbox-store.js'
import { SqliteDirectory } from './directory.js'
import { ensureSnapshotTables, type SandboxTable } from './snapshot-tables.js'

/** The settings row of the clock, keyed and encoded as SqliteDirectory.setting() reads it. */
const clockRow = `json:${clockSettingKey}`
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8')

interface SnapshotRow {
  name: string
  saved_at: string
  clock: string
  schema_version: number
  counts: string
}

export class SqliteSandbox extends SqliteDirectory implements SandboxStore {
  private readonly sandboxDb: Database
  private readonly sandbox

  protected constructor(db: Database) {
    super(db)
    this.sandboxDb = db
    const copies = ensureSnapshotTables(db)
    this.sandbox = {
      copies: copies.map((c) => ({
        table: c.table,
        empty: db.prepare(`DELETE FROM ${c.table}`),
        save: db.prepare(
          `INSERT INTO ${c.mirror} (snapshot, ${c.columns}) SELECT ?, ${c.columns} FROM ${c.table}`,
        ),
        restore: db.prepare(
          `INSERT INTO ${c.table} (${c.columns}) SELECT ${c.columns} FROM ${c.mirror} WHERE snapshot = ?`,
        ),
        drop: db.prepare(`DELETE FROM ${c.mirror} WHERE snapshot = ?`),
      })),
      putSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      due: db
        .prepare(
          `SELECT doc FROM referrals WHERE direction = 'Incoming' AND status = 'New' AND expiration_date_time <= ?
           ORDER BY expiration_date_time, id LIMIT ?`,
        )
        .pluck(),
      schemaVersion: db.prepare('SELECT max(version) FROM schema_migrations').pluck(),
      getSnapshot: db.prepare('SELECT * FROM snapshots WHERE name = ?'),
      listSnapshots: db.prepare('SELECT * FROM snapshots ORDER BY saved_at, name'),
      putSnapshot: db.prepare(
        `INSERT OR REPLACE INTO snapshots (name, saved_at, clock, schema_version, counts)
         VALUES (@name, @saved_at, @clock, @schema_version, @counts)`,
      ),
      deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE name = ?'),
    }
  }

  dueForExpiry(at: string, limit: number): Promise<Referral[]> {
    const docs = this.sandbox.due.all(at, limit) as string[]
    return Promise.resolve(docs.map((doc) => JSON.parse(doc) as Referral))
  }

  reset(): Promise<SandboxCounts> {
    return Promise.resolve(
      this.sandboxDb.transaction(() => {
        this.sandbox.deleteSetting.run(clockRow)
        return this.eachTable((copy) => copy.empty.run().changes)
      })(),
    )
  }

  saveSnapshot(name: string, savedAt: string, clock: SnapshotClock): Promise<SnapshotInfo> {
    const row = this.sandboxDb.transaction((): SnapshotRow => {
      const counts = this.eachTable((copy) => {
        copy.drop.run(name)
        return copy.save.run(name).changes
      })
      const saved = {
        name,
        saved_at: savedAt,
        clock: JSON.stringify(clock),
        schema_version: this.sandbox.schemaVersion.get() as number,
        counts: JSON.stringify(counts),
      }
      this.sandbox.putSnapshot.run(saved)
      return saved
    })()
    return Promise.resolve(toInfo(row))
  }

  listSnapshots(): Promise<SnapshotInfo[]> {
    return Promise.resolve((this.sandbox.listSnapshots.all() as SnapshotRow[]).map(toInfo))
  }

  restoreSnapshot(
    name: string,
    clockFor: (saved: SnapshotClock) => ClockState,
  ): Promise<SnapshotInfo | undefined> {
    const restored = this.sandboxDb.transaction((): SnapshotInfo | undefined => {
      const row = this.sandbox.getSnapshot.get(name) as SnapshotRow | undefined
      if (!row) return undefined
      const version = this.sandbox.schemaVersion.get() as number
      if (row.schema_version !== version) {
        throw invalidRequest([
          {
            target: 'name',
            rule: 'schemaVersion',
            message: `Snapshot '${name}' was saved by database schema version ${row.schema_version}; this database is at version ${version}. Save a new snapshot.`,
          },
        ])
      }
      this.eachTable((copy) => copy.empty.run().changes)
      this.eachTable((copy) => copy.restore.run(name).changes)
      const info = toInfo(row)
      this.sandbox.putSetting.run(clockRow, encode(clockFor(info.clock)))
      return info
    })()
    return Promise.resolve(restored)
  }

  deleteSnapshot(name: string): Promise<boolean> {
    const deleted = this.sandboxDb.transaction(() => {
      this.eachTable((copy) => copy.drop.run(name).changes)
      return this.sandbox.deleteSnapshot.run(name).changes > 0
    })()
    return Promise.resolve(deleted)
  }

  /** Runs `work` on every sandbox table; the numbers it returns are counted by table. */
  private eachTable(
    work: (copy: SqliteSandbox['sandbox']['copies'][number]) => number,
  ): Record<SandboxTable, number> {
    const counts = {} as Record<SandboxTable, number>
    for (const copy of this.sandbox.copies) counts[copy.table] = work(copy)
    return counts
  }
}

function toInfo(row: SnapshotRow): SnapshotInfo {
  return {
    name: row.name,
    savedAt: row.saved_at,
    clock: JSON.parse(row.clock) as SnapshotClock,
    counts: JSON.parse(row.counts) as SandboxCounts,
  }
}
