// The machine's PostgreSQL server as tests use it (127.0.0.1:5432, trust auth), and whether it is
// there. Free of node:test, so the script that gathers the tests can ask too.
import pg from 'pg'

export const postgresServer = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  connectionTimeoutMillis: 2000,
}

/** Runs one statement in the server's `postgres` database. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ ...postgresServer, database: 'postgres' })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await adminQuery('SELECT 1')
    return undefined
  } catch (error) {
    return `PostgreSQL is not reachable on 127.0.0.1:5432 (${(error as Error).message})`
  }
}
