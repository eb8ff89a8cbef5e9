// The tables that hold sandbox data, and their snapshot mirrors. A mirror has the live table's
// columns plus `snapshot` (the snapshot's name), so saving and restoring are `INSERT … SELECT`
// statements that copy rows byte for byte inside SQLite. Mirrors are brought up to date with the
// live tables whenever the store opens, so a migration that adds a column needs no snapshot change.
// Their index leads with the snapshot and follows with the table's key: it finds a snapshot's rows
// (restore, delete) and reads them in key order (a dump).
import type { Database } from 'better-sqlite3'

/** Every table of sandbox data: what a reset empties and a snapshot holds. Add new ones here. */
export const sandboxTables = ['referrals', 'organizations', 'users', 'changes', 'sync_records'] as const
export type SandboxTable = (typeof sandboxTables)[number]

/** Each table's key: a snapshot's rows are read in its order (a dump, dump-source.ts), from an index. */
export const sandboxKeys: Record<SandboxTable, string> = {
  referrals: 'id',
  organizations: 'id',
  users: 'organization_id, email',
  changes: 'seq',
  sync_records: 'organization_id, referral_id, connection',
}

export interface TableCopy {
  readonly table: SandboxTable
  readonly mirror: string
  /** The live table's column list, quoted, for INSERT … SELECT. */
  readonly columns: string
}

interface ColumnInfo {
  name: string
  type: string
}

/** Creates or widens the mirrors (a write: the store does it once, when it opens). */
export function ensureSnapshotTables(db: Database): TableCopy[] {
  for (const table of presentTables(db)) {
    const mirror = `snapshot_${table}`
    const columns = tableColumns(db, table)
    const definition = (c: ColumnInfo) => `${quote(c.name)} ${c.type}`
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${mirror} (snapshot TEXT NOT NULL, ${columns.map(definition).join(', ')});
       CREATE INDEX IF NOT EXISTS ${mirror}_by_key ON ${mirror} (snapshot, ${sandboxKeys[table]});
       DROP INDEX IF EXISTS ${mirror}_by_snapshot;`,
    )
    const mirrored = new Set(
      (db.prepare(`PRAGMA table_info(${mirror})`).all() as ColumnInfo[]).map((c) => c.name),
    )
    for (const c of columns.filter((c) => !mirrored.has(c.name)))
      db.exec(`ALTER TABLE ${mirror} ADD COLUMN ${definition(c)}`)
  }
  return tableCopies(db)
}

/** How each sandbox table is copied to and from its mirror (mirrors made by ensureSnapshotTables). */
export function tableCopies(db: Database): TableCopy[] {
  return presentTables(db).map((table) => ({
    table,
    mirror: `snapshot_${table}`,
    columns: tableColumns(db, table)
      .map((c) => quote(c.name))
      .join(', '),
  }))
}

/** The sandbox tables this database has: all of them once migrated; fewer in a file of an older version. */
function presentTables(db: Database): SandboxTable[] {
  return sandboxTables.filter((table) => tableColumns(db, table).length > 0)
}

function tableColumns(db: Database, table: SandboxTable): ColumnInfo[] {
  return db.prepare(`PRAGMA table_info(${table})`).all() as ColumnInfo[]
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
