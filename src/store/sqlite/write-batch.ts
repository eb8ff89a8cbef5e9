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
import type { Database } from 'better-sqlite3'

interface Pending {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
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
  private readonly runAll: (batch: readonly Pending[]) => Outcome[]

  /**
   * `abandoned` hears of a transaction whose writes were undone (what was kept of them is stale);
   * `committed` of one that stored at least one write.
   */
  constructor(
    private readonly db: Database,
    private readonly abandoned: () => void = () => {},
    private readonly committed: () => void = () => {},
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
      if (this.queue.length === 0) setImmediate(() => this.flush())
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
    })
  }

  private flush(): void {
    while (this.queue.length > 0) this.commit(this.queue.splice(0, maxBatch))
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
