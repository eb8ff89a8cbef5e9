// A data directory as a dump target: opened as the store opens it (its lock keeps a server off
// the directory meanwhile, the migrations and snapshot mirrors brought up to date), then the whole
// dump loaded in one transaction, so a refused dump leaves the directory empty. The signing key
// goes to signing-key.json, where the embedded store keeps it, once the transaction committed.
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { signingKeyFile } from '../../auth/signing-key.js'
import type { DumpTarget, DumpWriter } from '../dump/dump-port.js'
import type { DumpCounts, DumpLine, SequenceRecord } from '../dump/dump-record.js'
import { settingValue } from '../dump/dump-rows.js'
import {
  durableTables,
  recordColumns,
  tableRow,
  type TableRecord,
  type TableRow,
} from '../dump/record-columns.js'
import { loadLines } from '../dump/load-dump.js'
import { lockDataDirectory } from './data-directory-lock.js'
import { ownerOnlyFile, prepareDataFiles } from './data-files.js'
import { signingKeySetting } from './dump-source.js'
import { latestKnown, migrate } from './migrate.js'
import { openFailure } from './open-failure.js'
import { ensureSnapshotTables } from './snapshot-tables.js'

const sequenceTables: Record<SequenceRecord['name'], string> = {
  changes: 'changes',
  webhookDeliveries: 'webhook_deliveries',
}

export class SqliteDumpTarget implements DumpTarget {
  private constructor(
    private readonly db: Database.Database,
    private readonly lock: Database.Database,
    readonly location: string,
  ) {}

  /** Creates the directory and database if needed; refuses a directory a server is using. */
  static open(dataDir: string): SqliteDumpTarget {
    const directory = resolve(dataDir)
    const file = join(directory, 'cosell.db')
    prepareDataFiles(directory, file)
    const lock = lockDataDirectory(directory)
    const db = new Database(file, { timeout: 0 })
    try {
      db.pragma('journal_mode = WAL')
      migrate(db)
      ensureSnapshotTables(db)
    } catch (error) {
      db.close()
      lock.close()
      throw openFailure(error, directory, file)
    }
    return new SqliteDumpTarget(db, lock, directory)
  }

  async load(lines: AsyncIterable<DumpLine>): Promise<DumpCounts> {
    const writer = new SqliteDumpWriter(this.db, this.location)
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const counts = await loadLines(lines, writer, `The data directory ${this.location}`)
      this.db.exec('COMMIT')
      await writer.writeSigningKey()
      return counts
    } finally {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
    }
  }

  close(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)') // leave everything in cosell.db, as a stopped server does
    this.db.close()
    this.lock.close()
    return Promise.resolve()
  }
}

class SqliteDumpWriter implements DumpWriter {
  private readonly statements = new Map<string, Database.Statement>()
  private signingKey: Buffer | undefined

  constructor(
    private readonly db: Database.Database,
    private readonly directory: string,
  ) {}

  occupied(): Promise<string[]> {
    const held = durableTables.filter((table) => this.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get())
    const keyFile = signingKeyFile(this.directory)
    return Promise.resolve(existsSync(keyFile) ? [...held, keyFile] : [...held])
  }

  insert(records: readonly TableRecord[]): Promise<void> {
    const layouts = recordColumns(latestKnown)
    for (const record of records) {
      if (record.type === 'setting' && record.key === signingKeySetting) {
        this.signingKey = settingValue(record)
        continue
      }
      const row = tableRow(layouts, record)
      this.statement(row).run(...row.values)
    }
    return Promise.resolve()
  }

  finish(sequences: readonly SequenceRecord[]): Promise<void> {
    for (const { name, last } of sequences) {
      const table = sequenceTables[name]
      this.db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table)
      this.db
        .prepare(
          `INSERT INTO sqlite_sequence (name, seq) VALUES (?, max(?, coalesce((SELECT max(seq) FROM ${table}), 0)))`,
        )
        .run(table, last)
    }
    return Promise.resolve()
  }

  /** The key file as the store writes it (loadSigningKey): pretty JSON, the owner's alone. */
  async writeSigningKey(): Promise<void> {
    if (!this.signingKey) return
    const jwk: unknown = JSON.parse(this.signingKey.toString('utf8'))
    await writeFile(signingKeyFile(this.directory), JSON.stringify(jwk, null, 2) + '\n', {
      mode: ownerOnlyFile,
      flag: 'wx',
    })
  }

  private statement({ table, columns }: TableRow): Database.Statement {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }
}
