// Reads by id that arrive together are sent together. Under load most of a GET's cost on
// PostgreSQL is the statement, not the row: the round trip, the executor's start, one wake-up of
// a backend. So the ids an organisation asks for while the event loop handles one batch of I/O
// are read by one statement (`id = ANY(…)`) after that batch, or, while one is out, as soon as it
// is back: a read alone waits only for the end of its turn of the loop. No read is answered from
// memory and each statement is sent after every read in it arrived, so each read sees every write
// acknowledged before it arrived, whichever server made it. One organisation a statement
// keeps every statement on one shard under Citus.

/** Reads the rows of `ids` in `organizationId` (any order; a missing id has no row). */
export type ReadMany<R> = (organizationId: string, ids: readonly string[]) => Promise<readonly R[]>

interface Waiter<R> {
  resolve(row: R | undefined): void
  reject(error: unknown): void
}

/** Ids waiting to be read, by organisation, then by id (one id asked twice is read once). */
type Pending<R> = Map<string, Map<string, Waiter<R>[]>>

/** At most this many ids a statement: a bounded statement, and a bounded result in memory. */
const idsPerStatement = 100

/**
 * While a turn's statements are out, the next turn's reads wait and gather: one statement in flight
 * gave the least database CPU a read and the most reads a second (bench: 0.08 ms and 5,300/s,
 * against 0.25 ms and 3,000/s a statement a read).
 */
const inFlightAtMost = 1

export class ReadBatches<R extends { readonly id: string }> {
  private pending: Pending<R> = new Map()
  private scheduled = false
  private inFlight = 0

  constructor(private readonly readMany: ReadMany<R>) {}

  read(organizationId: string, id: string): Promise<R | undefined> {
    return new Promise((resolve, reject) => {
      this.schedule()
      const ids = this.pending.get(organizationId) ?? new Map<string, Waiter<R>[]>()
      this.pending.set(organizationId, ids)
      const waiters = ids.get(id) ?? []
      ids.set(id, waiters)
      waiters.push({ resolve, reject })
    })
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= inFlightAtMost) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.send()
    })
  }

  private send(): void {
    const pending = this.pending
    this.pending = new Map()
    for (const [organizationId, ids] of pending) {
      const all = [...ids.keys()]
      for (let at = 0; at < all.length; at += idsPerStatement) {
        this.inFlight++
        void this.answer(organizationId, all.slice(at, at + idsPerStatement), ids).finally(() => {
          this.inFlight--
          if (this.pending.size > 0) this.schedule()
        })
      }
    }
  }

  private async answer(
    organizationId: string,
    ids: readonly string[],
    waiting: Map<string, Waiter<R>[]>,
  ): Promise<void> {
    try {
      const rows = new Map((await this.readMany(organizationId, ids)).map((row) => [row.id, row]))
      for (const id of ids) for (const w of waiting.get(id)!) w.resolve(rows.get(id))
    } catch (error) {
      for (const id of ids) for (const w of waiting.get(id)!) w.reject(error)
    }
  }
}
