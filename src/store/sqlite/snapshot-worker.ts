// The thread of snapshot operations (snapshot-operations.ts): its own writable connection, one job
// at a time, no time budget (each is bounded by the data it copies). Meanwhile the main connection
// holds its writes back (write-batch.ts) and reads the last committed state, as WAL allows.
// A thread that dies mid-job leaves its transaction uncommitted: SQLite rolls it back.
import Database from 'better-sqlite3'
import { workerData } from 'node:worker_threads'
import { serveJobs } from './serve-jobs.js'
import { SnapshotOperations, type SnapshotJob } from './snapshot-operations.js'

export type SnapshotWorkerData = { readonly file: string; readonly synchronous: 'FULL' | 'NORMAL' }

const { file, synchronous } = workerData as SnapshotWorkerData
const db = new Database(file, { fileMustExist: true, timeout: 5000 })
db.pragma(`synchronous = ${synchronous}`)
db.pragma('wal_autocheckpoint = 10000') // as the main connection (store.ts)

const operations = new SnapshotOperations(db)
serveJobs((job: SnapshotJob) => operations.perform(job))
