// Fresh PostgreSQL databases for tests, on the machine's server (127.0.0.1:5432, trust auth), each
// dropped when the test file ends; or the reason there is none, for the test to skip with.
import { after } from 'node:test'
import { adminQuery, postgresServer as server } from './postgres-reachable.js'

export { postgresUnavailable } from './postgres-reachable.js'

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
  await adminQuery(`ALTER DATABASE ${name} SET synchronous_commit = off`) // a test needs no fsync a commit
  made.push(name)
  return `postgres://${server.user}@${server.host}:${server.port}/${name}`
}
