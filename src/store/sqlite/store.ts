// The embedded store: one better-sqlite3 database file in WAL mode under the data directory.
// An acknowledged write survives kill -9 (and, with durability `power`, power loss; see
// Durability). Writes of one event-loop turn share a commit (write-batch.ts). Lists that walk
// documents run on reader threads with connections of their own (listOnReaders); `cosell.lock`
// keeps a second server off the directory (data-directory-lock.ts). Reset and snapshots run on a
// thread of their own while writes wait for them (sandbox.ts).
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import type { ActivityFilter } from '../../domain/change/activity-query.js'
import type { ChangeCause, ChangeRecord } from '../../domain/change/change-record.js'
import type { ActivityPage } from '../change-feed.js'
import { fieldChanges } from '../../domain/change/field-changes.js'
import type { Referral } from '../../domain/referral/schema.js'
import type { ListPlan } from '../../query/index.js'
import type {
  ListPage,
  ListScope,
  ReferralStore,
  SettingAsRead,
  StorageHealth,
  StoredReferral,
  WriteOutcome,
} from '../referral-store.js'
import { ChangeLog } from './change-log.js'
import { rowColumns, rowValues } from '../referral-row.js'
import { lockDataDirectory } from './data-directory-lock.js'
import { prepareDataFiles } from './data-files.js'
import { guardFaults } from './fault-guard.js'
import { answerableFromIndexes } from './index-answerable.js'
import { KeptCounts } from './kept-counts.js'
import { PlannerStatistics } from './planner-statistics.js'
import { listOnReaders, listReferrals } from './list.js'
import { migrate } from './migrate.js'
import { openFailure } from './open-failure.js'
import type { ReadAnswer, ReaderData } from './read-worker.js'
import { readerError } from './reader-errors.js'
import { siblingModule } from './spawn-worker.js'
import { WorkerPool } from './worker-pool.js'
import { SqliteSandbox } from './sandbox.js'
import { startCheck, type StartCheck } from './start-check.js'
import { StorageFaults } from './storage-faults.js'
import { WriteBatch } from './write-batch.js'
import { SqliteWebhookStore } from './webhook-store.js'
import type { WebhookStore } from '../webhook-store.js'
import type { SyncStatusStore } from '../sync-status-store.js'
import { SqliteSyncStatusStore } from './sync-status-store.js'
import { LocalCoordination } from '../local-coordination.js'

export { DataDirectoryInUseError, StoreOpenError } from './open-failure.js'

/**
 * Reader threads for lists that walk documents. `workers` 0 runs them on the main thread, with no
 * budget (so does a ':memory:' store: its database cannot be shared with another connection).
 */
export type ReaderOptions = {
  readonly workers: number
  /** Lists that may wait for a reader; one more is answered 503. */
  readonly queue: number
  /** A list's time on a reader; then it is stopped. */
  readonly budgetMs: number
}

export const inlineReads: ReaderOptions = { workers: 0, queue: 0, budgetMs: 0 }

/**
 * How long a write may wait while a reset or snapshot operation runs (they hold writes back):
 * then it is answered 503 with Retry-After, unmade. A restore of 100,000 referrals took 35 s on a
 * loaded two-core machine (save 12 s, delete 1 s).
 */
export const defaultWriteHoldMs = 60_000

/**
 * What an acknowledged write survives. `process` (the default): the server crashing or being killed (kill -9);
 * in WAL mode a commit is in the operating system's hands before it is acknowledged
 * (synchronous=NORMAL), and only a power cut or a kernel crash could lose the last moments.
 * `power`: power cuts too, by an fsync on every commit (synchronous=FULL); group commit shares
 * each fsync among the writes of one event-loop turn. What it costs is measured, not assumed here:
 * the bench times creates under both settings in turn (bench/scenarios/create.ts).
 */
export type Durability = 'process' | 'power'

export class SqliteReferralStore extends SqliteSandbox implements ReferralStore {
  private readonly db: Database.Database
  private readonly statements
  private readonly statistics: PlannerStatistics
  private readonly readers: WorkerPool<ReadAnswer> | undefined
  /** What the check at open found; undefined for an in-memory store. */
  private checked: StartCheck | undefined
  /** Webhook registrations and deliveries: same database, same write batch. */
  readonly webhooks: WebhookStore
  /** Sync status records: same database, same write batch. */
  readonly syncStatus: SyncStatusStore
  /** One server process owns the data directory: it takes turns with itself and always leads. */
  readonly coordination = new LocalCoordination()

  private constructor(
    db: Database.Database,
    private readonly lock: Database.Database | undefined,
    private readonly readerOptions: ReaderOptions,
    durability: Durability,
    writes: WriteBatch,
    private readonly counts: KeptCounts,
    private readonly faults: StorageFaults,
    private readonly changes: ChangeLog,
  ) {
    const synchronous = durability === 'power' ? 'FULL' : 'NORMAL'
    super(db, writes, lock === undefined ? undefined : { file: db.name, synchronous })
    this.db = db
    this.readers =
      lock === undefined || readerOptions.workers === 0
        ? undefined
        : new WorkerPool<ReadAnswer>({
            entry: siblingModule(import.meta.url, 'read-worker'),
            workerData: { file: db.name } satisfies ReaderData,
            size: readerOptions.workers,
            queue: readerOptions.queue,
            budgetMs: readerOptions.budgetMs,
          })
    this.statistics = new PlannerStatistics(db)
    this.webhooks = guardFaults(new SqliteWebhookStore(db, writes), faults)
    this.syncStatus = guardFaults(new SqliteSyncStatusStore(db, writes), faults)
    const placeholders = rowColumns.map(() => '?').join(', ')
    const assignments = rowColumns.map((c) => `${c} = ?`).join(', ')
    this.statements = {
      insert: db.prepare(
        `INSERT INTO referrals (${rowColumns.join(', ')}, last_change) VALUES (${placeholders}, ?)`,
      ),
      get: db.prepare('SELECT doc FROM referrals WHERE organization_id = ? AND id = ?').pluck(),
      getStored: db // raw(): an array is cheaper than a row object on the hottest read
        .prepare('SELECT doc, id, engagement_id, e_tag FROM referrals WHERE organization_id = ? AND id = ?')
        .raw(),
      replace: db.prepare(
        `UPDATE referrals SET ${assignments}, last_change = ? WHERE id = ? AND organization_id = ? AND e_tag = ?`,
      ),
      current: db
        .prepare('SELECT doc FROM referrals WHERE id = ? AND organization_id = ? AND e_tag = ?')
        .pluck(),
      exists: db.prepare('SELECT 1 FROM referrals WHERE id = ? AND organization_id = ?').pluck(),
      lastChange: db.prepare(
        'SELECT last_change AS seq FROM referrals WHERE id = ? AND organization_id = ? AND e_tag = ?',
      ),
      find: db.prepare('SELECT doc FROM referrals WHERE id = ?').pluck(),
      inEngagement: db
        .prepare(
          'SELECT doc FROM referrals WHERE engagement_id = ? ORDER BY created_date_time, id LIMIT 1000',
        )
        .pluck(),
      participates: db
        .prepare('SELECT 1 FROM referrals WHERE engagement_id = ? AND organization_id = ? LIMIT 1')
        .pluck(),
      engagementOrganizations: db
        .prepare('SELECT DISTINCT organization_id FROM referrals WHERE engagement_id = ? LIMIT 1000')
        .pluck(),
      setting: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      insertSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      ),
    }
  }

  /** Opens (creating if needed) `<dataDir>/cosell.db`; ':memory:' gives a private in-memory store. */
  static open(
    dataDir: string,
    durability: Durability = 'process',
    readers: ReaderOptions = inlineReads,
    writeHoldMs = defaultWriteHoldMs,
  ): SqliteReferralStore {
    const inMemory = dataDir === ':memory:'
    const file = inMemory ? ':memory:' : join(resolve(dataDir), 'cosell.db')
    if (!inMemory) prepareDataFiles(resolve(dataDir), file)
    const lock = inMemory ? undefined : lockDataDirectory(dataDir)
    const db = new Database(file, { timeout: 0 })
    try {
      db.pragma('journal_mode = WAL')
      db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`)
      // A checkpoint every 10,000 pages (~40 MB of WAL) instead of 1,000: a create dirties about
      // seven pages (its row's and six index leaves), and checkpoints copying them back with an
      // fsync each were a third of a create's cost (measured 210 → 150 µs a row). Durability is
      // the WAL's and does not change; the WAL file is cut back to 64 MB after a checkpoint.
      db.pragma('wal_autocheckpoint = 10000')
      db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
      migrate(db)
      const counts = new KeptCounts(db)
      const faults = new StorageFaults()
      const changes = new ChangeLog(db)
      const writes = new WriteBatch(
        db,
        () => {
          counts.forget()
          changes.abandoned()
        },
        () => {
          faults.committed()
          changes.committed()
        },
        writeHoldMs,
      )
      return new SqliteReferralStore(db, lock, readers, durability, writes, counts, faults, changes).guarded(
        file,
      )
    } catch (error) {
      db.close()
      lock?.close()
      throw openFailure(error, resolve(dataDir), file) // busy: a server of an older version holds it
    }
  }

  protected override dataReplaced(): void {
    this.counts.forget()
  }

  /** Looks for damage in `file`, then wraps the store so a SQLite fault is a StorageFault. */
  private guarded(file: string): SqliteReferralStore {
    if (file !== ':memory:') {
      this.checked = startCheck(this.db, file)
      if (this.checked.checked && this.checked.problems.length > 0) {
        this.faults.damaged(`PRAGMA quick_check at start: ${this.checked.problems.join('; ')}`)
      }
    }
    return guardFaults(this, this.faults)
  }

  /** What the check at open found (undefined for ':memory:'): for the server's log. */
  startCheck(): StartCheck | undefined {
    return this.checked
  }

  health(): StorageHealth {
    return this.faults.health()
  }

  /** The file is local: ready unless damaged (or closed). */
  ping(): Promise<void> {
    const health = this.faults.health()
    if (health.status === 'damaged') return Promise.reject(new Error(health.reason))
    this.db.prepare('SELECT 1').get()
    return Promise.resolve()
  }

  insert(
    referral: Referral,
    cause: ChangeCause,
    asRead?: SettingAsRead,
  ): Promise<'written' | 'setting-moved'> {
    const row = rowValues(referral)
    const written = this.write(() => {
      if (!this.holds(asRead)) return 'setting-moved'
      const mark = this.counts.mark()
      this.statements.insert.run(...row, this.changes.append(referral, cause, undefined, null))
      this.counts.wrote(undefined, referral, mark)
      return 'written'
    })
    return written.then((outcome) => {
      if (outcome === 'written') this.statistics.wrote(1)
      return outcome
    })
  }

  get(organizationId: string, id: string): Promise<Referral | undefined> {
    const doc = this.statements.get.get(organizationId, id) as string | undefined
    return Promise.resolve(doc === undefined ? undefined : (JSON.parse(doc) as Referral))
  }

  getStored(organizationId: string, id: string): Promise<StoredReferral | undefined> {
    const row = this.statements.getStored.get(organizationId, id) as
      [string, string, string, string] | undefined
    return Promise.resolve(row && { text: row[0], id: row[1], engagementId: row[2], eTag: row[3] })
  }

  /** The eTag comparison and the write happen in one transaction: of two writers with one eTag, one wins. */
  replace(
    referral: Referral,
    before: Referral,
    cause: ChangeCause,
    asRead?: SettingAsRead,
  ): Promise<WriteOutcome> {
    const row = rowValues(referral)
    const expectedEtag = before.eTag
    const fields = fieldChanges(before, referral)
    return this.write((): WriteOutcome => {
      if (!this.holds(asRead)) return 'setting-moved'
      const mark = this.counts.mark()
      const head = this.statements.lastChange.get(referral.id, referral.organizationId, expectedEtag) as
        { seq: number | null } | undefined
      if (!head)
        return this.statements.exists.get(referral.id, referral.organizationId) !== undefined
          ? 'stale'
          : 'missing'
      const stored = this.counts.anyExactAt(mark) ? this.current(referral, expectedEtag) : undefined
      const seq = this.changes.append(referral, cause, fields, head.seq)
      const { changes } = this.statements.replace.run(
        ...row,
        seq,
        referral.id,
        referral.organizationId,
        expectedEtag,
      )
      if (changes !== 1) throw new Error('the referral changed inside its own write') // undone with its record
      if (stored) this.counts.wrote(stored, referral, mark)
      return 'written'
    })
  }

  /** The row `replace` is about to overwrite, if its eTag still matches. */
  private current(referral: Referral, eTag: string): Referral | undefined {
    const doc = this.statements.current.get(referral.id, referral.organizationId, eTag) as string | undefined
    return doc === undefined ? undefined : (JSON.parse(doc) as Referral)
  }

  find(id: string): Promise<Referral | undefined> {
    const doc = this.statements.find.get(id) as string | undefined
    return Promise.resolve(doc === undefined ? undefined : (JSON.parse(doc) as Referral))
  }

  inEngagement(engagementId: string): Promise<Referral[]> {
    const docs = this.statements.inEngagement.all(engagementId) as string[]
    return Promise.resolve(docs.map((doc) => JSON.parse(doc) as Referral))
  }

  participates(organizationId: string, engagementId: string): Promise<boolean> {
    return Promise.resolve(this.statements.participates.get(engagementId, organizationId) !== undefined)
  }

  engagementOrganizations(engagementId: string): Promise<string[]> {
    return Promise.resolve(this.statements.engagementOrganizations.all(engagementId) as string[])
  }

  async list(scope: ListScope, plan: ListPlan): Promise<ListPage> {
    const key = await this.secret()
    if (this.readers === undefined || answerableFromIndexes(scope, plan))
      return listReferrals(this.db, this.counts, scope, plan, key)
    return listOnReaders(this.readers, this.counts, scope, plan, key).catch((error: unknown) => {
      throw readerError(error, this.readerOptions.budgetMs)
    })
  }

  private key: Buffer | undefined

  async secret(): Promise<Buffer> {
    this.key ??= this.statements.setting.get('paging-token-key') as Buffer | undefined
    if (!this.key) {
      const made = randomBytes(32)
      await this.write(() => this.statements.insertSetting.run('paging-token-key', made))
      this.key = this.statements.setting.get('paging-token-key') as Buffer
    }
    return this.key
  }

  /** Inserts many referrals in one commit: for seeding and bulk loads. */
  insertMany(referrals: readonly Referral[], cause: ChangeCause): Promise<void> {
    const rows = referrals.map((r) => rowValues(r))
    const written = this.write(() => {
      rows.forEach((row, i) => {
        this.statements.insert.run(...row, this.changes.append(referrals[i]!, cause, undefined, null))
      })
    })
    return written.then(() => this.statistics.wrote(rows.length))
  }

  changesAfter(after: number, limit: number): Promise<ChangeRecord[]> {
    return Promise.resolve(this.changes.after(after, limit))
  }

  activities(organizationId: string, filter: ActivityFilter): Promise<ActivityPage> {
    return this.changes.activities(organizationId, filter)
  }

  lastChange(): Promise<number> {
    return Promise.resolve(this.changes.last())
  }

  onCommitted(listener: () => void): () => void {
    return this.changes.listen(listener)
  }

  async close(): Promise<void> {
    await this.coordination.close()
    await this.closeSandbox()
    await this.readers?.close()
    if (this.db.open) {
      foldWal(this.db)
      this.db.close()
    }
    if (this.lock?.open) this.lock.close() // last: the directory is free once the data is closed
  }
}

/**
 * A clean stop leaves everything in cosell.db: SQLite folds the WAL in at close only when no other
 * connection is open, and a reader thread still being torn down would leave it beside the file.
 * A checkpoint that cannot run loses nothing (the WAL stays and is read at the next start).
 */
function foldWal(db: Database.Database): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
  } catch {
    // the WAL is kept; see above
  }
}
