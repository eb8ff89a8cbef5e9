// A data directory as the server of an older schema version left it: the migrations up to that
// version applied to a fresh file, then every table of that version filled, column by column, in
// that version's layout. Nothing here knows a version's tables by heart: they are read from the
// database (PRAGMA table_info), and each column takes its values from the current code, by name:
// a referral row's columns from the current row mapping (columns.ts) of the stored document, every
// other table's from the same column of the data a current server wrote. A column with no such
// source fails loudly, so a migration that renames or drops one must say here where old rows got it.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { rowColumns, rowValues } from '../../../src/store/referral-row.js'
import { migrate } from '../../../src/store/sqlite/migrate.js'
import { migrations } from '../../../src/store/sqlite/migrations/index.js'
import { ensureSnapshotTables } from '../../../src/store/sqlite/snapshot-tables.js'
import type { Referral } from '../../../src/domain/referral/schema.js'

export const latestVersion = migrations.at(-1)!.version

/** Table name → its column names. */
export type Layout = ReadonlyMap<string, readonly string[]>

type Row = Record<string, unknown>

/** Every row of every table of a database, and its layout. */
export interface Rows {
  readonly layout: Layout
  readonly rows: ReadonlyMap<string, readonly Row[]>
}

/** Tables a version writes itself: its migration log, and tables its triggers fill from the referrals. */
const writtenByTheVersion = new Set(['schema_migrations', 'referral_team_emails'])
/** Tables of referral rows, live and saved in snapshots. */
const referralRowTables = new Set(['referrals', 'snapshot_referrals'])
/**
 * What the current code writes in a column for data of a version that had no such column: the
 * value an upgrade must arrive at. Given here, not taken from the column's DEFAULT, so that a
 * migration's default is itself under test.
 */
const valueOfDataWithout: Readonly<Record<string, unknown>> = {
  // an organisation with no business-profile locations and no solution profiles (directory.ts)
  'organizations.profile': JSON.stringify({ locations: [], solutionProfiles: [] }),
  // an organisation with no verified domains (directory.ts), live or saved in a snapshot
  'organizations.domains': null,
  'snapshot_organizations.domains': null,
  // a referral written before the change log has no record to start its chain (migration 9)
  'referrals.last_change': null,
  'snapshot_referrals.last_change': null,
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'cosell.db')
}

/** Every table's rows, in rowid order where the table has one. */
export function readRows(file: string): Rows {
  const db = new Database(file, { readonly: true })
  try {
    const layout = layoutOf(db)
    const rows = [...layout.keys()].map((table): [string, Row[]] => [
      table,
      db.prepare(`SELECT * FROM ${table}${hasRowid(db, table) ? ' ORDER BY rowid' : ''}`).all() as Row[],
    ])
    return { layout, rows: new Map(rows) }
  } finally {
    db.close()
  }
}

/** The tables and columns a server at `version` holds data in. */
export function layoutAt(version: number): Layout {
  const db = new Database(':memory:')
  try {
    migrateTo(db, version)
    return layoutOf(db)
  } finally {
    db.close()
  }
}

/**
 * Writes `<dataDir>/cosell.db` at schema `version`, holding `source`'s data as far as `content`
 * (a layout) has room for it: the old version's own layout, or an older one to write, in the
 * current layout, the same data an upgrade from that version should arrive at.
 */
export function writeDataDirectory(
  dataDir: string,
  source: Rows,
  version: number,
  content: Layout = layoutAt(version),
): void {
  const db = new Database(databaseFile(dataDir))
  try {
    migrateTo(db, version)
    db.transaction(() => {
      for (const [table, columns] of layoutOf(db)) {
        const held = content.get(table)
        if (writtenByTheVersion.has(table) || !held) continue
        const known = sourceRows(source, table, version)
        const lacked = referralRowTables.has(table) ? [] : columns.filter((c) => !held.includes(c))
        const unknown = columns.filter((c) => !lacked.includes(c) && !known.columns.includes(c))
        if (unknown.length > 0) {
          throw new Error(
            `${table}.${unknown.join(', ')} at version ${version}: no known source; say in data-directory-at-version.ts where rows of that version got ${unknown.length > 1 ? 'them' : 'it'}`,
          )
        }
        // a referral row's own columns come from its document; the others, as any table's
        const added = referralRowTables.has(table)
          ? valuesOfDataWithout(
              table,
              columns.filter((c) => !held.includes(c) && !rowColumns.includes(c as never)),
            )
          : valuesOfDataWithout(table, lacked)
        insertRows(
          db,
          table,
          columns,
          known.rows.map((row) => ({ ...row, ...added })),
        )
      }
    })()
  } finally {
    db.close()
  }
}

function migrateTo(db: Database.Database, version: number): void {
  migrate(
    db,
    migrations.filter((m) => m.version <= version),
  )
  // the server makes the snapshot mirrors when it opens a database that has snapshots
  if (layoutOf(db).has('snapshots')) ensureSnapshotTables(db)
}

/** The rows of `table` as the current code would write them, keyed by column name, and those columns. */
function sourceRows(
  source: Rows,
  table: string,
  version: number,
): { columns: readonly string[]; rows: Row[] } {
  const rows = source.rows.get(table)
  const columns = source.layout.get(table)
  if (!rows || !columns)
    throw new Error(`version ${version} has a table '${table}' with no known source of rows`)
  if (referralRowTables.has(table)) {
    const snapshot = columns.includes('snapshot') ? ['snapshot'] : []
    return {
      columns: [...snapshot, ...rowColumns, 'last_change'],
      rows: rows.map((row) => ({
        ...(snapshot.length > 0 ? { snapshot: row.snapshot } : {}),
        ...mappedReferralRow(JSON.parse(String(row.doc)) as Referral),
        last_change: row.last_change ?? null, // the head of its change chain: data, not the document
      })),
    }
  }
  if (table === 'snapshots')
    return { columns, rows: rows.map((row) => ({ ...row, schema_version: version })) }
  return { columns, rows: [...rows] }
}

/** The values the current code writes in columns `lacked` of `table`, for data that had none. */
function valuesOfDataWithout(table: string, lacked: readonly string[]): Row {
  const unknown = lacked.filter((c) => !(`${table}.${c}` in valueOfDataWithout))
  if (unknown.length > 0) {
    throw new Error(
      `the data held no ${table}.${unknown.join(', ')}: say in data-directory-at-version.ts what the current code writes there`,
    )
  }
  return Object.fromEntries(lacked.map((c) => [c, valueOfDataWithout[`${table}.${c}`]]))
}

function mappedReferralRow(referral: Referral): Row {
  const values = rowValues(referral)
  return Object.fromEntries(rowColumns.map((column, i) => [column, values[i]]))
}

function insertRows(
  db: Database.Database,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
): void {
  const insert = db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  )
  for (const row of rows) insert.run(...columns.map((column) => row[column]))
}

function layoutOf(db: Database.Database): Map<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  return new Map(
    tables.map((table) => [
      table,
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
    ]),
  )
}

function hasRowid(db: Database.Database, table: string): boolean {
  const sql = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(table) as string
  return !/WITHOUT\s+ROWID/i.test(sql)
}
