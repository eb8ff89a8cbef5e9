// SqlRunner on PostgreSQL (pg pool).
import pg from 'pg'
import type { SqlRunner } from './sql-runner.js'

type Target = pg.Pool | pg.PoolClient

export class PostgresRunner implements SqlRunner {
  readonly dialect = 'postgres'

  private constructor(
    private readonly pool: pg.Pool,
    private readonly target: Target = pool,
  ) {}

  static open(connectionString: string): PostgresRunner {
    const pool = new pg.Pool({ connectionString, max: 4 })
    pool.on('error', () => undefined) // an idle connection that drops is replaced on next use
    return new PostgresRunner(pool)
  }

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.target.query(numbered(sql), params as unknown[])).rows as R[]
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.target.query(numbered(sql), params as unknown[])
  }

  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    if (this.target !== this.pool) return work(this)
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(new PostgresRunner(this.pool, client))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async close(): Promise<void> {
    if (this.target === this.pool) await this.pool.end()
  }
}

function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}
