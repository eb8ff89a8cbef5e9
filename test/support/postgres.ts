// Fresh PostgreSQL databases for tests, on the machine's server (127.0.0.1:5432, trust auth), each
// dropped when the test file ends; or the reason there is none, for the test to skip with.
import { after } from 'node:test'
import pg from 'pg'

const server = { host: '127.0.0.1', port: 5432, user: 'postgres', connectionTimeoutMillis: 2000 }

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' })
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

const made: string[] = []

// Registered when this module loads, at the top level of a test file: it runs when the file ends.
// (Registered inside a test, `after` would run when that test ends.)
after(async () => {
  for (const name of made.splice(0)) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
})

/** A new empty database's URL; it is dropped when the test file ends (its connections cut). */
export async function freshDatabase(): Promise<string> {
  const name = `cosell_test_${process.pid}_${Date.now().toString(36)}_${made.length}`
  await adminQuery(`CREATE DATABASE ${name}`)
  made.push(name)
  return `postgres://${server.user}@${server.host}:${server.port}/${name}`
}
