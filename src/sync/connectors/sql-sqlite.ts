// The SQL connector on an SQLite file: the table's columns from PRAGMA table_xinfo, and the
// change-tracking triggers installed at open.
//
// SQLite lets one transaction write at a time, so numbers drawn inside the write's transaction
// are in commit order by themselves; no lock is needed. They come from a one-row counter per
// table in `cosell_row_versions` rather than max(row_version) + 1, which would hand out again
// the number of a deleted newest row, one the reader's cursor has already passed. SQLite's
// triggers cannot change the row being written, so they run after it and update it again; the
// update trigger's WHEN clause keeps it from firing on that second update.
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { CrmRefusedError, CrmUnavailableError, type CrmValue } from './connector.js'
import {
  requireColumns,
  type SqlColumn,
  type SqlDatabase,
  type SqlRow,
  type SqlTableNames,
} from './sql-database.js'
import { derivedName, quoteIdentifier, quoteLiteral } from './sql-identifier.js'
import { toCrmValue } from './sql-values.js'

interface PragmaColumn {
  name: string
  type: string
  dflt_value: string | null
  pk: number
  hidden: number
}

/** How long a statement waits for another process's write transaction to end. */
const busyTimeoutMs = 5000

const nowIso = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

export function openSqliteTable(path: string, names: SqlTableNames): SqlDatabase {
  if (names.table.includes('.')) {
    throw new CrmRefusedError(`sql: table ${names.table}: a schema-qualified name is for PostgreSQL only`)
  }
  if (!existsSync(path)) throw new CrmRefusedError(`sql: no SQLite database at ${path}`)
  const db = new Database(path, { timeout: busyTimeoutMs })
  try {
    const columns = readColumns(db, names)
    installTriggers(db, names)
    return new SqliteTable(db, names, columns)
  } catch (error) {
    db.close()
    throw error instanceof CrmRefusedError ? error : translate(error, `opening table ${names.table}`)
  }
}

function readColumns(db: Database.Database, names: SqlTableNames): SqlColumn[] {
  const rows = db.prepare(`PRAGMA table_xinfo(${quoteLiteral(names.table)})`).all() as PragmaColumn[]
  if (rows.length === 0) {
    throw new CrmRefusedError(
      `sql: no table ${names.table} in this database (\`cosell sync init --create-table\` prints one)`,
    )
  }
  const primaryKeys = rows.filter((c) => c.pk > 0).length
  const columns = rows
    .filter((c) => c.hidden !== 1) // a virtual table's hidden columns; generated ones are read like any other
    .map((c) => ({
      name: c.name,
      text: /CHAR|CLOB|TEXT/i.test(c.type),
      boolean: /BOOL/i.test(c.type),
      // an INTEGER PRIMARY KEY is the rowid: SQLite numbers it
      hasDefault: c.dflt_value !== null || (c.pk > 0 && primaryKeys === 1 && /^INTEGER$/i.test(c.type)),
    }))
  requireColumns(columns, names)
  return columns
}

function installTriggers(db: Database.Database, names: SqlTableNames): void {
  const table = quoteIdentifier(names.table)
  const [id, version, modified] = [names.id, names.version, names.modified].map(quoteIdentifier)
  const key = quoteLiteral(names.table)
  const last = `(SELECT last FROM cosell_row_versions WHERE table_name = ${key})`
  const bump = `UPDATE cosell_row_versions SET last = last + 1 WHERE table_name = ${key};`
  const statements = [
    'CREATE TABLE IF NOT EXISTS cosell_row_versions (table_name TEXT PRIMARY KEY, last INTEGER NOT NULL)',
    `INSERT OR IGNORE INTO cosell_row_versions (table_name, last) VALUES (${key}, 0)`,
    // past every row version already there (a restored table)
    `UPDATE cosell_row_versions SET last = max(last, coalesce((SELECT max(${version}) FROM ${table}), 0))
      WHERE table_name = ${key}`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(derivedName(names.table, 'row_version_idx'))} ON ${table} (${version})`,
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdentifier(derivedName(names.table, 'cosell_row_version_insert'))}
      AFTER INSERT ON ${table} BEGIN
        ${bump}
        UPDATE ${table} SET ${version} = ${last}, ${modified} = coalesce(NEW.${modified}, ${nowIso})
         WHERE ${id} = NEW.${id};
      END`,
    // fires on a write that left the row version alone or set one of its own, not on its own update
    `CREATE TRIGGER IF NOT EXISTS ${quoteIdentifier(derivedName(names.table, 'cosell_row_version_update'))}
      AFTER UPDATE ON ${table} WHEN NEW.${version} IS OLD.${version} OR NEW.${version} IS NOT ${last} BEGIN
        ${bump}
        UPDATE ${table} SET ${version} = ${last},
               ${modified} = CASE WHEN NEW.${modified} IS OLD.${modified} THEN ${nowIso} ELSE NEW.${modified} END
         WHERE ${id} = NEW.${id};
      END`,
    // rows written before the triggers existed
    `UPDATE ${table} SET ${version} = NULL WHERE ${version} IS NULL`,
  ]
  db.transaction(() => statements.forEach((sql) => db.prepare(sql).run())).immediate()
}

class SqliteTable implements SqlDatabase {
  private readonly byId: Database.Statement

  constructor(
    private readonly db: Database.Database,
    private readonly names: SqlTableNames,
    readonly columns: readonly SqlColumn[],
  ) {
    this.byId = db.prepare(
      `SELECT * FROM ${quoteIdentifier(names.table)} WHERE ${quoteIdentifier(names.id)} = ?`,
    )
  }

  placeholder(): string {
    return '?'
  }

  equalsText(column: SqlColumn, placeholder: string): string {
    return `${quoteIdentifier(column.name)} = ${placeholder}` // column affinity converts the text
  }

  read(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return Promise.resolve(this.db.prepare(sql).all(...params) as SqlRow[])
  }

  // RETURNING reports the row before the AFTER triggers ran: read it again in the same transaction
  write(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    const written = this.db.transaction(() =>
      (this.db.prepare(sql).all(...params) as SqlRow[]).map(
        (row) => this.byId.get(row[this.names.id]) as SqlRow,
      ),
    )
    return Promise.resolve(written.immediate())
  }

  encode(value: CrmValue): unknown {
    return typeof value === 'boolean' ? Number(value) : value
  }

  decode(column: SqlColumn, value: unknown): CrmValue {
    return column.boolean && (value === 0 || value === 1) ? value === 1 : toCrmValue(value)
  }

  isInvalidValue(): boolean {
    return false // SQLite stores a value of any type in any column
  }

  translate(error: unknown, doing: string): Error {
    return translate(error, doing)
  }

  close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}

// Another process holding the file, a full disk or an I/O fault may pass; anything else is refused.
const passing = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/

function translate(error: unknown, doing: string): Error {
  const { code, message } = error as { code?: unknown; message?: unknown }
  const text = `sql: ${doing}: ${String(message ?? error)}`
  if (typeof code === 'string' && passing.test(code)) return new CrmUnavailableError(text)
  return new CrmRefusedError(text, undefined, typeof code === 'string' ? { sqliteCode: code } : undefined)
}
