// The sandbox part of the SQLite store: the clock's state (in `settings`), the expiry query, reset
// and snapshots. The referral store extends this class, so one handle serves all. Reset and the
// snapshot operations copy whole tables (seconds at 100,000 referrals): they run one at a time on
// a thread with its own connection (snapshot-worker.ts) while the main connection holds its writes
// back and keeps answering reads from the last commit; a ':memory:' database runs them inline.
import type { Database } from 'better-sqlite3'
import { invalidRequest } from '../../domain/errors.js'
import type { Referral } from '../../domain/referral/schema.js'
import type {
  ClockState,
  SandboxCounts,
  SandboxStore,
  SnapshotClock,
  SnapshotInfo,
} from '../sandbox-store.js'
import { SqliteDirectory } from './directory.js'
import { snapshotThreadError } from './snapshot-errors.js'
import {
  SnapshotOperations,
  type SnapshotAnswer,
  type SnapshotAnswers,
  type SnapshotJob,
  type SnapshotRow,
} from './snapshot-operations.js'
import { snapshotInfo } from '../snapshot-row.js'
import { ensureSnapshotTables } from './snapshot-tables.js'
import type { SnapshotWorkerData } from './snapshot-worker.js'
import { siblingModule } from './spawn-worker.js'
import { WorkerPool } from './worker-pool.js'
import type { WriteBatch } from './write-batch.js'

/** The longest a timer may be set for: a snapshot operation has no budget but the work itself. */
const noBudget = 2 ** 31 - 1

export class SqliteSandbox extends SqliteDirectory implements SandboxStore {
  private readonly sandbox
  private readonly thread: WorkerPool<SnapshotAnswer> | undefined
  private readonly inline: SnapshotOperations | undefined
  /** The operation last begun; the next one starts after it settles. */
  private serial: Promise<unknown> = Promise.resolve()

  /** `thread` undefined runs the operations on `db` itself (a ':memory:' database). */
  protected constructor(
    db: Database,
    private readonly sandboxWrites: WriteBatch,
    thread: SnapshotWorkerData | undefined,
  ) {
    super(db, sandboxWrites)
    ensureSnapshotTables(db)
    this.thread =
      thread &&
      new WorkerPool<SnapshotAnswer>({
        entry: siblingModule(import.meta.url, 'snapshot-worker'),
        workerData: thread,
        size: 1,
        queue: 1,
        budgetMs: noBudget,
      })
    this.inline = thread ? undefined : new SnapshotOperations(db)
    this.sandbox = {
      due: db
        .prepare(
          `SELECT doc FROM referrals WHERE direction = 'Incoming' AND status = 'New' AND expiration_date_time <= ?
           ORDER BY expiration_date_time, id LIMIT ?`,
        )
        .pluck(),
      schemaVersion: db.prepare('SELECT max(version) FROM schema_migrations').pluck(),
      getSnapshot: db.prepare('SELECT * FROM snapshots WHERE name = ?'),
      listSnapshots: db.prepare('SELECT * FROM snapshots ORDER BY saved_at, name'),
    }
  }

  /** Called after a reset or restore committed, before any held write runs. */
  protected dataReplaced(): void {}

  dueForExpiry(at: string, limit: number): Promise<Referral[]> {
    const docs = this.sandbox.due.all(at, limit) as string[]
    return Promise.resolve(docs.map((doc) => JSON.parse(doc) as Referral))
  }

  reset(): Promise<SandboxCounts> {
    return this.serially(() => this.perform<'reset'>({ op: 'reset' }))
  }

  async saveSnapshot(name: string, savedAt: string, clock: SnapshotClock): Promise<SnapshotInfo> {
    const row = { name, saved_at: savedAt, clock: JSON.stringify(clock) }
    return snapshotInfo(await this.serially(() => this.perform<'save'>({ op: 'save', row })))
  }

  listSnapshots(): Promise<SnapshotInfo[]> {
    return Promise.resolve((this.sandbox.listSnapshots.all() as SnapshotRow[]).map(snapshotInfo))
  }

  /** The snapshot is read here, where `clockFor` can run; no other operation runs in between. */
  restoreSnapshot(
    name: string,
    clockFor: (saved: SnapshotClock) => ClockState,
  ): Promise<SnapshotInfo | undefined> {
    return this.serially(async () => {
      const row = this.sandbox.getSnapshot.get(name) as SnapshotRow | undefined
      if (!row) return undefined
      this.checkVersion(row)
      const clock = clockFor(snapshotInfo(row).clock)
      const restored = await this.perform<'restore'>({ op: 'restore', name, clock })
      return restored ? snapshotInfo(restored) : undefined
    })
  }

  deleteSnapshot(name: string): Promise<boolean> {
    return this.serially(() => this.perform<'delete'>({ op: 'delete', name }))
  }

  protected async closeSandbox(): Promise<void> {
    await this.serial
    await this.thread?.close()
  }

  private checkVersion(row: SnapshotRow): void {
    const version = this.sandbox.schemaVersion.get() as number
    if (row.schema_version === version) return
    throw invalidRequest([
      {
        target: 'name',
        rule: 'schemaVersion',
        message: `Snapshot '${row.name}' was saved by database schema version ${row.schema_version}; this database is at version ${version}. Save a new snapshot.`,
      },
    ])
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const done = this.serial.then(work)
    this.serial = done.catch(() => undefined)
    return done
  }

  /** Runs the job with the store's writes held back; they run after it, on the data it left. */
  private perform<K extends SnapshotJob['op']>(job: SnapshotJob & { op: K }): Promise<SnapshotAnswers[K]> {
    return this.sandboxWrites.hold(async () => {
      try {
        const answer = this.thread ? await this.thread.run(job) : this.inline!.perform(job)
        return answer as SnapshotAnswers[K]
      } catch (error) {
        throw snapshotThreadError(error)
      } finally {
        if (job.op === 'reset' || job.op === 'restore') this.dataReplaced()
      }
    })
  }
}
