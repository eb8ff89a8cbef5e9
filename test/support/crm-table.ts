// The CRM table of a sync scenario, as the CRM itself (or anyone with SQL) reads and writes it:
// an SQLite file or a PostgreSQL database in the default layout (`cosell sync init --create-table`).
// Values are read back in one form on both databases: amounts as numbers, the sync flag as a
// boolean, dates as `YYYY-MM-DD`.
import Database from 'better-sqlite3'
import pg from 'pg'

export type CrmDialect = 'sqlite' | 'postgres'

export type CrmCell = string | number | boolean | null

export type CrmRow = Readonly<Record<string, CrmCell>>

export interface CrmTable {
  /** Inserts rows in one transaction; each names its columns (`id` included: SQLite's has no default). */
  insert(rows: readonly CrmRow[]): Promise<void>
  /** Sets columns of one row, as a person editing it in the CRM would. */
  update(id: string, fields: CrmRow): Promise<void>
  row(id: string): Promise<CrmRow | undefined>
  rows(): Promise<CrmRow[]>
  /** Rows where the SQL condition holds (`referral_id IS NOT NULL`). */
  count(where?: string): Promise<number>
  close(): Promise<void>
}

const table = 'opportunities'

/** The table in an SQLite file (`path`) or a PostgreSQL database (`url`). */
export async function openCrmTable(dialect: CrmDialect, place: string): Promise<CrmTable> {
  return dialect === 'sqlite' ? sqliteTable(place) : postgresTable(place)
}

function normalised(row: Record<string, unknown>): CrmRow {
  const out: Record<string, CrmCell> = {}
  for (const [name, value] of Object.entries(row)) {
    if (name === 'amount' && value !== null) out[name] = Number(value)
    else if (name === 'sync_to_partner_center') out[name] = value === true || value === 1
    else if (value instanceof Date) out[name] = value.toISOString()
    else out[name] = value as CrmCell
  }
  return out
}

function insertSql(rows: readonly CrmRow[], placeholder: (n: number) => string) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const params: CrmCell[] = []
  const tuples = rows.map(
    (row) =>
      `(${columns
        .map((column) => {
          params.push(row[column] ?? null)
          return placeholder(params.length)
        })
        .join(', ')})`,
  )
  return { sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params }
}

function updateSql(id: string, fields: CrmRow, placeholder: (n: number) => string) {
  const names = Object.keys(fields)
  const set = names.map((name, i) => `${name} = ${placeholder(i + 1)}`).join(', ')
  return {
    sql: `UPDATE ${table} SET ${set} WHERE id = ${placeholder(names.length + 1)}`,
    params: [...names.map((name) => fields[name] ?? null), id],
  }
}

function sqliteTable(path: string): CrmTable {
  const db = new Database(path, { timeout: 10_000 })
  const sqlite = (value: CrmCell) => (typeof value === 'boolean' ? Number(value) : value)
  const q = () => '?'
  return {
    insert: (rows) => {
      // SQLite takes at most 32766 parameters in a statement: a few hundred rows at a time
      db.transaction(() => {
        for (let at = 0; at < rows.length; at += 500) {
          const { sql, params } = insertSql(rows.slice(at, at + 500), q)
          db.prepare(sql).run(...params.map(sqlite))
        }
      }).immediate()
      return Promise.resolve()
    },
    update: (id, fields) => {
      const { sql, params } = updateSql(id, fields, q)
      db.prepare(sql).run(...params.map(sqlite))
      return Promise.resolve()
    },
    row: (id) => {
      const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as
        Record<string, unknown> | undefined
      return Promise.resolve(row && normalised(row))
    },
    rows: () =>
      Promise.resolve(
        (db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[]).map(normalised),
      ),
    count: (where = 'TRUE') =>
      Promise.resolve(
        (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n,
      ),
    close: () => Promise.resolve(void db.close()),
  }
}

// numeric and date as the text PostgreSQL sends: no float rounding, no local-midnight Date
const asText = new Set([pg.types.builtins.NUMERIC, pg.types.builtins.DATE])

async function postgresTable(url: string): Promise<CrmTable> {
  const client = new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format: 'text' | 'binary'): ((value: string) => unknown) =>
        asText.has(oid)
          ? (value: string) => value
          : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as never,
    },
  })
  client.on('error', () => undefined) // the database is dropped (connections cut) when the file ends
  await client.connect()
  const q = (n: number) => `$${n}`
  const query = async (sql: string, params: readonly CrmCell[] = []) =>
    (await client.query<Record<string, unknown>>(sql, [...params])).rows
  return {
    insert: async (rows) => {
      await client.query('BEGIN')
      try {
        for (let at = 0; at < rows.length; at += 500) {
          const { sql, params } = insertSql(rows.slice(at, at + 500), q)
          await query(sql, params)
        }
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    },
    update: async (id, fields) => {
      const { sql, params } = updateSql(id, fields, q)
      await query(sql, params)
    },
    row: async (id) => {
      const [row] = await query(`SELECT * FROM ${table} WHERE id = $1`, [id])
      return row && normalised(row)
    },
    rows: async () => (await query(`SELECT * FROM ${table} ORDER BY id`)).map(normalised),
    count: async (where = 'TRUE') =>
      Number((await query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0]!.n),
    close: () => client.end(),
  }
}
