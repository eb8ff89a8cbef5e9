// A CRM table as a CrmConnector, over either database (sql-database.ts). Fields are the table's
// columns but the two change-tracking ones, which surface as the record's version (the row
// version, as text) and modifiedAt. The trigger the dialect installs sets both on every write, the
// connector's and everyone else's, so the connector never writes them itself.
import { randomUUID } from 'node:crypto'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
} from './connector.js'
import type { SqlColumn, SqlDatabase, SqlRow, SqlTableNames } from './sql-database.js'
import { quoteIdentifier, quoteTableName } from './sql-identifier.js'
import { isoTimestamp } from './sql-values.js'

/** A statement's text and its parameters, built left to right. */
class Statement {
  readonly params: unknown[] = []
  constructor(private readonly db: SqlDatabase) {}

  param(value: unknown): string {
    this.params.push(value)
    return this.db.placeholder(this.params.length)
  }
}

const versionText = /^[0-9]{1,19}$/

export class SqlConnector implements CrmConnector {
  readonly label: string
  readonly writable = true
  private readonly table: string
  private readonly id: string
  private readonly version: string
  private readonly columns: ReadonlyMap<string, SqlColumn>
  private readonly idColumn: SqlColumn

  constructor(
    private readonly db: SqlDatabase,
    private readonly names: SqlTableNames,
  ) {
    this.label = `sql ${names.table}`
    this.table = quoteTableName(names.table)
    this.id = quoteIdentifier(names.id)
    this.version = quoteIdentifier(names.version)
    this.columns = new Map(db.columns.map((c) => [c.name, c]))
    this.idColumn = this.columns.get(names.id)!
  }

  async changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    if (cursor !== undefined && !versionText.test(cursor)) {
      throw new CrmRefusedError(`${this.label}: the cursor '${cursor}' is not a row version`)
    }
    const s = new Statement(this.db)
    const after = cursor === undefined ? '' : `WHERE ${this.version} > ${s.param(cursor)}`
    // one row more than asked says whether another page follows
    const sql = `SELECT * FROM ${this.table} ${after} ORDER BY ${this.version} LIMIT ${s.param(limit + 1)}`
    const rows = await this.read(sql, s.params, 'reading changes')
    const records = rows.slice(0, limit).map((row) => this.toRecord(row))
    return { records, cursor: records.at(-1)?.version ?? cursor ?? '0', caughtUp: rows.length <= limit }
  }

  async get(id: string): Promise<CrmRecord | undefined> {
    const row = await this.rowById(id)
    return row && this.toRecord(row)
  }

  async findBy(field: string, value: string): Promise<CrmRecord[]> {
    const column = this.column(field)
    const s = new Statement(this.db)
    const where = this.db.equalsText(column, s.param(value))
    const sql = `SELECT * FROM ${this.table} WHERE ${where} ORDER BY ${this.version}`
    return (await this.read(sql, s.params, `finding ${field}`)).map((row) => this.toRecord(row))
  }

  async create(fields: CrmFields): Promise<CrmRecord> {
    const written = { ...this.newId(fields), ...this.checkedFields(fields, 'create') }
    const names = Object.keys(written)
    const s = new Statement(this.db)
    const values = names.map((name) => s.param(this.db.encode(written[name] ?? null)))
    const sql =
      names.length === 0
        ? `INSERT INTO ${this.table} DEFAULT VALUES RETURNING *`
        : `INSERT INTO ${this.table} (${names.map(quoteIdentifier).join(', ')}) VALUES (${values.join(', ')}) RETURNING *`
    const [row] = await this.write(sql, s.params, 'creating a record')
    return this.toRecord(row!)
  }

  async update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    const written = this.checkedFields(fields, 'update')
    if (this.names.id in written) {
      throw new CrmRefusedError(`${this.label}: the id column ${this.names.id} cannot be changed`)
    }
    const names = Object.keys(written)
    if (names.length === 0) return this.unchanged(id, ifVersion)
    const s = new Statement(this.db)
    const set = names.map((n) => `${quoteIdentifier(n)} = ${s.param(this.db.encode(written[n] ?? null))}`)
    const where = [`${this.id} = ${s.param(id)}`]
    if (ifVersion !== undefined) where.push(`${this.version} = ${s.param(this.versionParam(ifVersion))}`)
    const sql = `UPDATE ${this.table} SET ${set.join(', ')} WHERE ${where.join(' AND ')} RETURNING *`
    const [row] = await this.db.write(sql, s.params).catch(async (error: unknown) => {
      // an id of the wrong shape for its column (text for an integer key) names no record
      if (this.db.isInvalidValue(error) && !(await this.rowById(id))) throw new CrmNotFoundError(id)
      throw this.db.translate(error, `updating record ${id}`)
    })
    if (row) return this.toRecord(row)
    if (await this.rowById(id)) throw new CrmConflictError(id)
    throw new CrmNotFoundError(id)
  }

  close(): Promise<void> {
    return this.db.close()
  }

  private async unchanged(id: string, ifVersion: string | undefined): Promise<CrmRecord> {
    const current = await this.get(id)
    if (!current) throw new CrmNotFoundError(id)
    if (ifVersion !== undefined && ifVersion !== current.version) throw new CrmConflictError(id)
    return current
  }

  /** A version no row has (-1) when the text is not one: the update then matches nothing. */
  private versionParam(ifVersion: string): string {
    return versionText.test(ifVersion) ? ifVersion : '-1'
  }

  private async rowById(id: string): Promise<SqlRow | undefined> {
    const s = new Statement(this.db)
    const sql = `SELECT * FROM ${this.table} WHERE ${this.id} = ${s.param(id)}`
    try {
      return (await this.db.read(sql, s.params))[0]
    } catch (error) {
      if (this.db.isInvalidValue(error)) return undefined // an id of the wrong shape for its column
      throw this.db.translate(error, `reading record ${id}`)
    }
  }

  /** A UUID for a text id column that has no default, when the fields give none. */
  private newId(fields: CrmFields): CrmFields {
    const given = fields[this.names.id]
    const needed = (given === undefined || given === null || given === '') && this.idColumn.text
    return needed && !this.idColumn.hasDefault ? { [this.names.id]: randomUUID() } : {}
  }

  /** The fields a write may set: columns of the table, other than the change-tracking two. */
  private checkedFields(fields: CrmFields, write: string): CrmFields {
    for (const field of Object.keys(fields)) {
      this.column(field)
      if (field === this.names.version || field === this.names.modified) {
        throw new CrmRefusedError(
          `${this.label}: a ${write} cannot write ${field}: the change-tracking trigger sets it`,
        )
      }
    }
    return fields
  }

  private column(field: string): SqlColumn {
    const column = this.columns.get(field)
    if (column) return column
    throw new CrmRefusedError(
      `${this.label} has no column ${field}; its columns: ${[...this.columns.keys()].join(', ')}`,
    )
  }

  private toRecord(row: SqlRow): CrmRecord {
    const fields: Record<string, ReturnType<SqlDatabase['decode']>> = {}
    for (const column of this.db.columns) {
      if (column.name === this.names.version || column.name === this.names.modified) continue
      fields[column.name] = this.db.decode(column, row[column.name])
    }
    return {
      id: String(row[this.names.id]),
      version: String(row[this.names.version]),
      modifiedAt: isoTimestamp(row[this.names.modified]),
      fields,
    }
  }

  private async read(sql: string, params: readonly unknown[], doing: string): Promise<SqlRow[]> {
    try {
      return await this.db.read(sql, params)
    } catch (error) {
      throw this.db.translate(error, doing)
    }
  }

  private async write(sql: string, params: readonly unknown[], doing: string): Promise<SqlRow[]> {
    try {
      return await this.db.write(sql, params)
    } catch (error) {
      throw this.db.translate(error, doing)
    }
  }
}
