// Group commit: writes that arrive in the same turn of the event loop share one transaction, so
// one fsync makes all of them durable (synchronous=FULL costs ~0.16 ms a commit here, the largest
// share of a create). Each write still runs in its own savepoint, so one that fails is undone
// alone, and each caller hears of its own outcome only after the commit that made it durable.
// After some errors (an I/O error; a full disk or memory in a statement without a statement
// journal) SQLite rolls the whole transaction back, not only the statement: the batch stops at
// once (the writes after it would otherwise each commit on their own, outside the batch, and be
// reported failed when the batch's COMMIT found no transaction); that write fails, and the others
// run again in a new transaction. A refused COMMIT retries each write alone, so only the writes
// that cannot be stored fail.
// While another connection of the store writes (a snapshot operation on its own thread), `hold()`
// keeps the writes queued instead of letting them meet SQLITE_BUSY; they run once it commits, or
// fail with WriteHeldError if they waited longer than the bound.
import type { Database } from 'better-sqlite3'

interface Pending {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
  timer?: NodeJS.Timeout
}

/** The write waited `heldMs` for another connection's transaction and was not run. */
export class WriteHeldError extends Error {
  constructor(readonly heldMs: number) {
    super(`the write waited ${heldMs} ms for a snapshot operation and was not run`)
  }
}

type Outcome = { ok: boolean; value: unknown }

/** More than this many writes in one turn commit in several transactions. */
const maxBatch = 256

/** SQLite rolled back the whole transaction while `index`'s write failed with `error`. */
class TransactionLost extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('SQLite rolled back the whole transaction')
  }
}

export class WriteBatch {
  private queue: Pending[] = []
  private holds = 0
  private readonly runAll: (batch: readonly Pending[]) => Outcome[]

  /**
   * `abandoned` hears of a transaction whose writes were undone (what was kept of them is stale);
   * `committed` of one that stored at least one write.
   */
  constructor(
    private readonly db: Database,
    private readonly abandoned: () => void = () => {},
    private readonly committed: () => void = () => {},
    /** How long a write may wait while held; then it fails with WriteHeldError. */
    private readonly holdLimitMs = 60_000,
  ) {
    const savepoint = db.transaction((work: () => unknown) => work()) // nested: a savepoint
    this.runAll = db.transaction((batch: readonly Pending[]) =>
      batch.map((p, index): Outcome => {
        try {
          return { ok: true, value: savepoint(p.work) }
        } catch (error) {
          if (!db.inTransaction) throw new TransactionLost(index, error) // SQLite rolled back the whole batch
          return { ok: false, value: error }
        }
      }),
    )
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { work, resolve: resolve as (value: unknown) => void, reject }
      if (this.holds > 0) pending.timer = this.expireLater(pending)
      else if (this.queue.length === 0) setImmediate(() => this.flush())
      this.queue.push(pending)
    })
  }

  /**
   * Runs `work` (which writes through another connection) with this batch's writes held back: none
   * is in a transaction while it runs, and those that arrive meanwhile run after it settles.
   */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.flush() // what was already queued commits first, outside the hold
    this.holds++
    try {
      return await work()
    } finally {
      if (--this.holds === 0) {
        for (const p of this.queue) clearTimeout(p.timer)
        setImmediate(() => this.flush())
      }
    }
  }

  private expireLater(pending: Pending): NodeJS.Timeout {
    return setTimeout(() => {
      const at = this.queue.indexOf(pending)
      if (at < 0) return
      this.queue.splice(at, 1)
      pending.reject(new WriteHeldError(this.holdLimitMs))
    }, this.holdLimitMs)
  }

  private flush(): void {
    while (this.queue.length > 0 && this.holds === 0) this.commit(this.queue.splice(0, maxBatch))
  }

  private commit(batch: readonly Pending[]): void {
    let outcomes: Outcome[]
    try {
      outcomes = this.runAll(batch)
    } catch (error) {
      this.abandoned()
      if (error instanceof TransactionLost) {
        batch[error.index]!.reject(error.error)
        if (batch.length > 1) this.commit(batch.filter((_, i) => i !== error.index))
      } else if (batch.length > 1) {
        for (const p of batch) this.commit([p]) // the COMMIT itself failed: alone, each may still be stored
      } else {
        batch[0]!.reject(error) // nothing of it is stored
      }
      return
    }
    if (outcomes.some((o) => o.ok)) this.committed()
    batch.forEach((p, i) => (outcomes[i]!.ok ? p.resolve(outcomes[i]!.value) : p.reject(outcomes[i]!.value)))
  }
}
