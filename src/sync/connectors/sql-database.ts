// What the SQL connector needs of a database, whichever it is: the table's columns, statements
// with parameters, writes read back as the change-tracking trigger left them, and its errors
// translated into the connector's.
import { CrmRefusedError, type CrmValue } from './connector.js'

export interface SqlColumn {
  readonly name: string
  /** Text-typed: compared with text as is, and given a UUID on create when empty without a default. */
  readonly text: boolean
  readonly boolean: boolean
  readonly hasDefault: boolean
}

export type SqlRow = Readonly<Record<string, unknown>>

/** The settings' names, unquoted. */
export interface SqlTableNames {
  readonly table: string
  readonly id: string
  readonly modified: string
  readonly version: string
}

export interface SqlDatabase {
  readonly columns: readonly SqlColumn[]
  /** The n-th parameter's placeholder, from 1. */
  placeholder(n: number): string
  /** `column` compared with a text parameter. */
  equalsText(column: SqlColumn, placeholder: string): string
  read(sql: string, params: readonly unknown[]): Promise<SqlRow[]>
  /** Runs an INSERT or UPDATE ending in `RETURNING *` and gives the rows as the trigger left them. */
  write(sql: string, params: readonly unknown[]): Promise<SqlRow[]>
  /** A value as the driver binds it. */
  encode(value: CrmValue): unknown
  /** A value read from `column`, as a CRM value. */
  decode(column: SqlColumn, value: unknown): CrmValue
  /** Whether the error says a parameter does not fit its column's type (an id of the wrong shape). */
  isInvalidValue(error: unknown): boolean
  /** The driver's error as CrmRefusedError or CrmUnavailableError, saying what was being done. */
  translate(error: unknown, doing: string): Error
  close(): Promise<void>
}

/** The id and the two change-tracking columns must be there; the message says how to add them. */
export function requireColumns(columns: readonly SqlColumn[], names: SqlTableNames): void {
  const have = new Set(columns.map((c) => c.name))
  const missing = [names.id, names.modified, names.version].filter((name) => !have.has(name))
  if (missing.length === 0) return
  throw new CrmRefusedError(
    `sql: table ${names.table} has no column ${missing.join(' or ')} (the settings' idColumn, ` +
      `modifiedColumn, versionColumn); its columns: ${[...have].join(', ')}. Change tracking needs ` +
      `both: ALTER TABLE ${names.table} ADD COLUMN ${names.modified} timestamptz; ` +
      `ALTER TABLE ${names.table} ADD COLUMN ${names.version} bigint`,
  )
}
