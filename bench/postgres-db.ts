// A PostgreSQL database of the run's own (`cosell_bench_<pid>` on 127.0.0.1:5432, user postgres),
// created empty and dropped on the way out: by `drop` after the scenarios, and by `dropNow` from
// the exit handler after an error or Ctrl-C, which must not wait for a promise.
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import type { CpuCounter } from './measure.js'
import { readCpuSeconds } from './server-process.js'

export type BenchDatabase = {
  readonly name: string
  /** cosell's DATABASE_URL for it. */
  readonly url: string
}

const server = process.env.COSELL_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'

export function benchDatabaseName(): string {
  return `cosell_bench_${process.pid}`
}

async function onMaintenance<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${server}/postgres` })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Databases created and not yet dropped, for `dropCreatedNow`. */
const created = new Set<string>()

export async function createDatabase(): Promise<BenchDatabase> {
  const name = benchDatabaseName()
  created.add(name)
  await onMaintenance((client) => client.query(`CREATE DATABASE ${name}`))
  return { name, url: `${server}/${name}` }
}

/** The URL with settings for one session, e.g. `synchronous_commit=off` for seeding. */
export function withSettings(db: BenchDatabase, settings: Record<string, string>): string {
  const options = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ')
  return `${db.url}?options=${encodeURIComponent(options)}`
}

/** Vacuums and analyses a freshly seeded database, then writes its dirty pages out: otherwise the
 *  checkpoint after a million-row seed runs during the first measurements and slows them. */
export async function analyze(db: BenchDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    await client.query('VACUUM ANALYZE')
    await client.query('CHECKPOINT')
  } finally {
    await client.end()
  }
}

const dropSql = (name: string) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`

export async function drop(db: BenchDatabase): Promise<void> {
  await onMaintenance((client) => client.query(dropSql(db.name)))
  created.delete(db.name)
}

/** Drops what is left from a synchronous exit handler (psql in a child process): after an error or Ctrl-C. */
export function dropCreatedNow(): void {
  for (const name of created)
    spawnSync('psql', [`${server}/postgres`, '-qc', dropSql(name)], { stdio: 'ignore', timeout: 30_000 })
}

/** CPU of the PostgreSQL backends serving `db` (not the shared background processes: the WAL
 *  writer, checkpointer and autovacuum, which also work for every other database on the server). */
export function backendCpu(db: BenchDatabase): CpuCounter {
  return async () => {
    const result = await onMaintenance((client) =>
      client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db.name]),
    )
    const seconds = new Map<number, number>()
    for (const { pid } of result.rows) {
      try {
        seconds.set(pid, readCpuSeconds(pid))
      } catch {
        // the backend ended since the query: its connection closed
      }
    }
    return seconds
  }
}
