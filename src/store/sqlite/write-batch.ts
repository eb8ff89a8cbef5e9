// Group commit: writes that arrive in the same turn of the event loop share one transaction, so
// one fsync makes all of them durable (synchronous=FULL costs ~0.16 ms a commit here, the largest
// share of a create). Each write still runs in its own savepoint, so one that fails is undone
// alone, and each caller hears of its own outcome only after the commit that made it durable.
// After some errors (an I/O error; a full disk or memory in a statement without a statement
// journal) SQLite rolls the whole transaction back, not only the statement: then the batch is
// abandoned at once, since the writes after it would otherwise each commit on their own (outside
// the batch) and be reported failed when the batch's COMMIT found no transaction.
import type { Database } from 'better-sqlite3'

interface Pending {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

/** More than this many writes in one turn commit in several transactions. */
const maxBatch = 256

export class WriteBatch {
  private queue: Pending[] = []
  private readonly runAll: (batch: readonly Pending[]) => { ok: boolean; value: unknown }[]

  /** `abandoned` hears of a batch whose commit failed, after its writes were undone. */
  constructor(
    private readonly db: Database,
    private readonly abandoned: () => void = () => {},
  ) {
    const savepoint = db.transaction((work: () => unknown) => work()) // nested: a savepoint
    this.runAll = db.transaction((batch: readonly Pending[]) =>
      batch.map((p) => {
        try {
          return { ok: true, value: savepoint(p.work) }
        } catch (error) {
          if (!db.inTransaction) throw error // SQLite rolled back the whole batch
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
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch)
      let outcomes: { ok: boolean; value: unknown }[]
      try {
        outcomes = this.runAll(batch)
      } catch (error) {
        this.abandoned()
        for (const p of batch) p.reject(error) // the commit itself failed: nothing of the batch is stored
        continue
      }
      batch.forEach((p, i) =>
        outcomes[i]!.ok ? p.resolve(outcomes[i]!.value) : p.reject(outcomes[i]!.value),
      )
    }
  }
}
