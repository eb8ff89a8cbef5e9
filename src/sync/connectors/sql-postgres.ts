// The SQL connector on PostgreSQL: a small pool, the table's columns from the catalog, and the
// change-tracking trigger installed at open.
//
// Why the trigger takes a lock. Row versions come from a sequence, and a sequence hands out
// numbers in the order transactions ask, not the order they commit: a transaction holding 10
// can commit after one holding 11, so a reader that saw 11 and moved its cursor past it would
// never see 10. The trigger therefore takes a transaction-scoped advisory lock (keyed by the
// table) before it draws the number. A second writer waits at its first row until the first
// commits, so numbers are drawn in commit order, and a snapshot that sees a row version sees
// every smaller one. The cost: writes to this one table go one transaction at a time, which
// suits a CRM's replication (one stream of changes) and the connector's small writes. A
// multi-row transaction that also waits on another's row locks can meet a deadlock, which
// PostgreSQL breaks by failing one of them; its writer retries as for any deadlock.
import pg from 'pg'
import { CrmRefusedError, CrmUnavailableError, type CrmValue } from './connector.js'
import {
  requireColumns,
  type SqlColumn,
  type SqlDatabase,
  type SqlRow,
  type SqlTableNames,
} from './sql-database.js'
import { derivedName, quoteIdentifier, quoteLiteral, quoteTableName } from './sql-identifier.js'
import { toCrmValue } from './sql-values.js'

const oids = { int8: 20, json: 114, date: 1082, timestamp: 1114, numeric: 1700, jsonb: 3802 }

const identity = (text: string): string => text

// Values as CRM fields hold them: numbers as numbers, a date as its day, JSON as its text
const parsers: Readonly<Record<number, (text: string) => unknown>> = {
  [oids.int8]: (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text),
  [oids.numeric]: Number,
  [oids.date]: identity,
  [oids.timestamp]: (text) => new Date(`${text.replace(' ', 'T')}Z`), // without a zone: UTC
  [oids.json]: identity,
  [oids.jsonb]: identity,
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    (format !== 'binary' && parsers[oid]) ||
    (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
}

/** The advisory lock of a table's writers: a class of cosell's own, then the table's oid. */
const lockKey = (relid: string) => `hashtext('cosell.sync.row_version'), ${relid}::int`

interface CatalogColumn {
  name: string
  category: string
  has_default: boolean
}

export async function openPostgresTable(url: string, names: SqlTableNames): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 4, types, connectionTimeoutMillis: 10_000 })
  pool.on('error', () => undefined) // an idle connection that drops is replaced on next use
  try {
    const columns = await readColumns(pool, names)
    await installTrigger(pool, names)
    return new PostgresTable(pool, columns)
  } catch (error) {
    await pool.end()
    throw error instanceof CrmRefusedError ? error : translate(error, `opening table ${names.table}`)
  }
}

async function readColumns(pool: pg.Pool, names: SqlTableNames): Promise<SqlColumn[]> {
  const { rows } = await pool.query<CatalogColumn>(
    `SELECT a.attname AS name, t.typcategory AS category, (a.atthasdef OR a.attidentity <> '') AS has_default
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [quoteTableName(names.table)],
  )
  if (rows.length === 0) {
    throw new CrmRefusedError(
      `sql: no table ${names.table} in this database (names are case-sensitive; \`cosell sync init --create-table\` prints one)`,
    )
  }
  const columns = rows.map((c) => ({
    name: c.name,
    text: c.category === 'S',
    boolean: c.category === 'B',
    hasDefault: c.has_default,
  }))
  requireColumns(columns, names)
  return columns
}

/**
 * The sequence, the index, the trigger function and the trigger, each made only when missing
 * (the function is replaced, which locks no table). Under the writers' advisory lock, so two
 * connectors opening together, or a writer, never see half of it. Rows written before the
 * trigger existed get a row version here.
 */
async function installTrigger(pool: pg.Pool, names: SqlTableNames): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rows } = await client.query<{ relid: string; schema: string }>(
      `SELECT c.oid::text AS relid, n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = to_regclass($1)`,
      [quoteTableName(names.table)],
    )
    const { relid, schema } = rows[0]!
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey(relid)})`)
    for (const statement of await missingParts(client, names, relid, schema)) await client.query(statement)
    await client.query(`UPDATE ${quoteTableName(names.table)} SET ${quoteIdentifier(names.version)} = NULL
                         WHERE ${quoteIdentifier(names.version)} IS NULL`)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** The body of the trigger function, which draws the row version and stamps the time. */
function triggerBody(names: SqlTableNames, sequence: string): string {
  const [version, modified] = [quoteIdentifier(names.version), quoteIdentifier(names.modified)]
  return `
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKey('TG_RELID')});
  NEW.${version} := nextval(${quoteLiteral(sequence)});
  IF TG_OP = 'INSERT' THEN
    NEW.${modified} := coalesce(NEW.${modified}, statement_timestamp());
  ELSIF NEW.${modified} IS NOT DISTINCT FROM OLD.${modified} THEN
    NEW.${modified} := statement_timestamp(); -- a writer that sets the time itself keeps it
  END IF;
  RETURN NEW;
END
`
}

interface Installed {
  sequence: boolean
  /** Null when there is no sequence yet. */
  sequenceRights: boolean | null
  index: boolean
  source: string | null
  enabled: string | null
}

/**
 * The statements that make what is missing, so that once all is there an open needs no right
 * beyond reading and writing the table. The function runs as its owner (SECURITY DEFINER): the
 * CRM's own writers fire it without any right on the sequence.
 */
async function missingParts(client: pg.PoolClient, names: SqlTableNames, relid: string, schema: string) {
  const table = quoteTableName(names.table)
  const inSchema = (name: string) =>
    `${quoteIdentifier(schema)}.${quoteIdentifier(derivedName(names.table, name))}`
  const [sequence, fn, index] = [
    inSchema('row_version_seq'),
    inSchema('cosell_row_version'),
    inSchema('row_version_idx'),
  ]
  const trigger = 'cosell_row_version'
  const body = triggerBody(names, sequence)
  const { rows } = await client.query<Installed>(
    `SELECT to_regclass($1) IS NOT NULL AS sequence, to_regclass($2) IS NOT NULL AS index,
            has_sequence_privilege(to_regclass($1), 'SELECT, UPDATE') AS "sequenceRights",
            (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure($3)) AS source,
            (SELECT tgenabled::text FROM pg_trigger WHERE tgrelid = $4::oid AND tgname = $5) AS enabled`,
    [sequence, index, `${fn}()`, relid, trigger],
  )
  const found = rows[0]!
  const version = quoteIdentifier(names.version)
  const parts: string[] = []
  if (!found.sequence) parts.push(`CREATE SEQUENCE ${sequence}`)
  // past every row version already there (a restored table, a sequence dropped by hand), where
  // this role may move the sequence
  if (found.sequenceRights !== false)
    parts.push(`SELECT setval(${quoteLiteral(sequence)}, m) FROM (SELECT max(${version}) AS m FROM ${table}) t
               WHERE m >= (SELECT last_value FROM ${sequence})`)
  if (!found.index) parts.push(`CREATE INDEX ${index.slice(index.indexOf('.') + 1)} ON ${table} (${version})`)
  if (found.source !== body) {
    parts.push(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$${body}$body$`)
  }
  if (found.enabled === null) {
    parts.push(
      `CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    )
  }
  // ALWAYS: logical replication's apply worker (session_replication_role = replica) fires it too
  if (found.enabled !== 'A') parts.push(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${trigger}`)
  return parts
}

class PostgresTable implements SqlDatabase {
  constructor(
    private readonly pool: pg.Pool,
    readonly columns: readonly SqlColumn[],
  ) {}

  placeholder(n: number): string {
    return `$${n}`
  }

  equalsText(column: SqlColumn, placeholder: string): string {
    const name = quoteIdentifier(column.name)
    return column.text ? `${name} = ${placeholder}` : `${name}::text = ${placeholder}`
  }

  async read(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return (await this.pool.query(sql, params as unknown[])).rows as SqlRow[]
  }

  // BEFORE triggers run ahead of RETURNING, so the rows already hold their new row version
  write(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return this.read(sql, params)
  }

  encode(value: CrmValue): unknown {
    return value
  }

  decode(_column: SqlColumn, value: unknown): CrmValue {
    return toCrmValue(value)
  }

  isInvalidValue(error: unknown): boolean {
    const code = (error as { code?: unknown }).code
    return code === '22P02' || code === '22003' // invalid text representation; out of range
  }

  translate(error: unknown, doing: string): Error {
    return translate(error, doing)
  }

  close(): Promise<void> {
    return this.pool.end()
  }
}

// Classes of SQLSTATE a later try may get past: connection trouble, resources, a shutdown, a
// serialisation failure or deadlock. Anything else (bad values, constraints, permissions) is refused.
const passing = /^(08|53|57|58|40)/

function translate(error: unknown, doing: string): Error {
  const { code, message } = error as { code?: unknown; message?: unknown }
  const text = `sql: ${doing}: ${String(message ?? error)}`
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !passing.test(code)) {
    return new CrmRefusedError(text, undefined, { sqlState: code })
  }
  return new CrmUnavailableError(text)
}
