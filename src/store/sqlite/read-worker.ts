// A reader thread of the pool (worker-pool.ts): its own read-only connection to the database,
// which WAL lets read beside the main connection's writes. Each job is a page's statement and,
// when no kept count answers it, the count's; both run in one read transaction, so they see the
// same committed state. The statements carry `cosell_alive()` (reader-sql.ts), a JavaScript
// function SQLite calls for every row it visits: there V8 can stop a terminated thread at once,
// where a statement running in C alone would carry on to its end.
import Database from 'better-sqlite3'
import { workerData } from 'node:worker_threads'
import { serveJobs } from './serve-jobs.js'

export type ReadStatement = { readonly sql: string; readonly params: readonly unknown[] }
export type ReadJob = { readonly rows: ReadStatement; readonly count?: ReadStatement }
export type ReadAnswer = { readonly rows: Record<string, unknown>[]; readonly count?: number }
export type ReaderData = { readonly file: string }

const { file } = workerData as ReaderData
const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1000 })
db.function('cosell_alive', { deterministic: false, directOnly: true }, () => 1)

const statements = new Map<string, Database.Statement>()
function prepare(sql: string): Database.Statement {
  let statement = statements.get(sql)
  if (!statement) {
    if (statements.size > 500) statements.clear()
    statements.set(sql, (statement = db.prepare(sql)))
  }
  return statement
}

const read = db.transaction((job: ReadJob): ReadAnswer => {
  const rows = prepare(job.rows.sql).all(...job.rows.params) as Record<string, unknown>[]
  if (!job.count) return { rows }
  const { count } = prepare(job.count.sql).get(...job.count.params) as { count: number }
  return { rows, count }
})

serveJobs(read)
