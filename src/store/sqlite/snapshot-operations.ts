// Reset, save, restore and delete of snapshots as SQL on one connection, each in one transaction.
// The store runs them on a thread of their own with its own connection (snapshot-worker.ts), or
// inline for a ':memory:' database, which no other connection can open.
import type { Database } from 'better-sqlite3'
import { clockSettingKey, sandboxCountOf, type ClockState, type SandboxCounts } from '../sandbox-store.js'
import type { SnapshotRow } from '../snapshot-row.js'
import { tableCopies } from './snapshot-tables.js'

/** The settings row of the clock, keyed and encoded as SqliteDirectory.setting() reads it. */
const clockRow = `json:${clockSettingKey}`

export type { SnapshotRow }

export type SnapshotJob =
  | { readonly op: 'reset' }
  | { readonly op: 'save'; readonly row: Omit<SnapshotRow, 'counts' | 'schema_version'> }
  | { readonly op: 'restore'; readonly name: string; readonly clock: ClockState }
  | { readonly op: 'delete'; readonly name: string }

/** What each job answers: restore gives null when the snapshot is gone. */
export type SnapshotAnswers = {
  readonly reset: SandboxCounts
  readonly save: SnapshotRow
  readonly restore: SnapshotRow | null
  readonly delete: boolean
}
export type SnapshotAnswer = SnapshotAnswers[keyof SnapshotAnswers]

export class SnapshotOperations {
  private readonly copies
  private readonly statements
  private readonly transactions

  constructor(db: Database) {
    this.copies = tableCopies(db).map((c) => ({
      table: c.table,
      empty: db.prepare(`DELETE FROM ${c.table}`),
      save: db.prepare(
        `INSERT INTO ${c.mirror} (snapshot, ${c.columns}) SELECT ?, ${c.columns} FROM ${c.table}`,
      ),
      restore: db.prepare(
        `INSERT INTO ${c.table} (${c.columns}) SELECT ${c.columns} FROM ${c.mirror} WHERE snapshot = ?`,
      ),
      drop: db.prepare(`DELETE FROM ${c.mirror} WHERE snapshot = ?`),
    }))
    this.statements = {
      putSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      schemaVersion: db.prepare('SELECT max(version) FROM schema_migrations').pluck(),
      getSnapshot: db.prepare('SELECT * FROM snapshots WHERE name = ?'),
      putSnapshot: db.prepare(
        `INSERT OR REPLACE INTO snapshots (name, saved_at, clock, schema_version, counts)
         VALUES (@name, @saved_at, @clock, @schema_version, @counts)`,
      ),
      deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE name = ?'),
    }
    this.transactions = {
      reset: db.transaction(() => this.reset()),
      save: db.transaction((row: Omit<SnapshotRow, 'counts' | 'schema_version'>) => this.save(row)),
      restore: db.transaction((name: string, clock: ClockState) => this.restore(name, clock)),
      delete: db.transaction((name: string) => this.delete(name)),
    }
  }

  perform(job: SnapshotJob): SnapshotAnswer {
    switch (job.op) {
      case 'reset':
        return this.transactions.reset()
      case 'save':
        return this.transactions.save(job.row)
      case 'restore':
        return this.transactions.restore(job.name, job.clock)
      case 'delete':
        return this.transactions.delete(job.name)
    }
  }

  private reset(): SandboxCounts {
    this.statements.deleteSetting.run(clockRow)
    return this.eachTable((copy) => copy.empty.run().changes)
  }

  private save(saving: Omit<SnapshotRow, 'counts' | 'schema_version'>): SnapshotRow {
    const counts = this.eachTable((copy) => {
      copy.drop.run(saving.name)
      return copy.save.run(saving.name).changes
    })
    const row = {
      ...saving,
      schema_version: this.statements.schemaVersion.get() as number,
      counts: JSON.stringify(counts),
    }
    this.statements.putSnapshot.run(row)
    return row
  }

  private restore(name: string, clock: ClockState): SnapshotRow | null {
    const row = this.statements.getSnapshot.get(name) as SnapshotRow | undefined
    if (!row) return null
    this.eachTable((copy) => copy.empty.run().changes)
    this.eachTable((copy) => copy.restore.run(name).changes)
    this.statements.putSetting.run(clockRow, Buffer.from(JSON.stringify(clock), 'utf8'))
    return row
  }

  private delete(name: string): boolean {
    this.eachTable((copy) => copy.drop.run(name).changes)
    return this.statements.deleteSnapshot.run(name).changes > 0
  }

  /** Runs `work` on every sandbox table; the numbers it returns are counted by table. */
  private eachTable(
    work: (copy: SnapshotOperations['copies'][number]) => number,
  ): Record<keyof SandboxCounts, number> {
    const counts = {} as Record<keyof SandboxCounts, number>
    for (const copy of this.copies) counts[sandboxCountOf[copy.table]!] = work(copy)
    return counts
  }
}
