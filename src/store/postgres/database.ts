// The pool of connections to PostgreSQL and the two ways the store uses it: one statement on any
// connection, or several in one transaction on one connection. BIGINT columns (change and delivery
// sequence numbers, wall-time milliseconds) are read as numbers: they stay far below 2^53.
import pg from 'pg'

const bigint = 20

const readBigint = (value: string): number => Number(value)

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === bigint && format !== 'binary'
      ? readBigint
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
}

/** A pool whose statements are stopped after `statementTimeoutMs` (0: never). */
export function openPool(connectionString: string, max: number, statementTimeoutMs = 0): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    types,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  })
  pool.on('error', () => undefined) // an idle connection that drops is replaced on next use
  return pool
}

/** Whether PostgreSQL stopped the statement for its statement_timeout. */
export function isStatementTimeout(error: unknown): boolean {
  return (error as { code?: unknown }).code === '57014'
}

/** What both a pool and a transaction's connection answer. */
export interface Queryable {
  rows<R>(sql: string, params?: readonly unknown[]): Promise<R[]>
  row<R>(sql: string, params?: readonly unknown[]): Promise<R | undefined>
  /** How many rows the statement changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>
  preparedRows<R>(name: string, sql: string, params: readonly unknown[]): Promise<R[]>
}

export class Statements implements Queryable {
  constructor(private readonly target: pg.Pool | pg.PoolClient) {}

  async rows<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.target.query(sql, params as unknown[])).rows as R[]
  }

  async row<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.rows<R>(sql, params))[0]
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.target.query(sql, params as unknown[])).rowCount ?? 0
  }

  /**
   * The rows of a named prepared statement: each connection parses and plans it once, then only
   * binds and executes it. For the hot paths (a read by id, a write's statements), where parsing
   * and planning cost as much as the work.
   */
  async preparedRows<R>(name: string, sql: string, params: readonly unknown[]): Promise<R[]> {
    return (await this.target.query({ name, text: sql, values: params as unknown[] })).rows as R[]
  }
}

export class PostgresDatabase extends Statements {
  private constructor(readonly pool: pg.Pool) {
    super(pool)
  }

  static connect(connectionString: string, max = 10): PostgresDatabase {
    return new PostgresDatabase(openPool(connectionString, max))
  }

  /** Runs `work` in one transaction on one connection: committed when it resolves, undone when it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(new Statements(client))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  /** One connection for work that must stay on it (migrations). */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      return await work(client)
    } finally {
      client.release()
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
