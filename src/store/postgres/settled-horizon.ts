// The settled horizon of the change log: the greatest seq such that no record numbered at or below
// it can still commit. Writers draw seqs without waiting for each other and may commit out of
// order (change-log.ts), so a reader that keeps the last seq it handled reads only up to here.
//
// Every writer holds the append lock SHARED from before it draws its seq until its commit. Taking
// the lock EXCLUSIVE waits for the writers in flight and holds new ones back for that instant;
// under it, every seq drawn so far is settled: committed, or never to be. That barrier costs every
// writer a short wait, so it is taken on demand, one at a time, and no oftener than `spacingMs`.
import type { Queryable } from './database.js'

/** The key of the lock that orders appends: writers take it shared, a barrier exclusive. */
export const appendLock = 0x6368616e6765 // "change"

/** The last seq drawn, read under the exclusive lock (one statement: the lock is held no longer). */
const barrierSql = `WITH settled AS (SELECT pg_advisory_xact_lock(${appendLock}))
  SELECT coalesce(pg_sequence_last_value('change_seq'), 0) AS last FROM settled`

/** Barriers a process takes at least this far apart, in milliseconds. */
const spacingMs = 20

export class SettledHorizon {
  /** The newest horizon a finished barrier gave; 0 before the first. */
  private known = 0
  private knownAt = 0
  /** When the last barrier was begun, failed ones too: the spacing counts from there. */
  private begunAt = 0
  private running: Promise<number> | undefined
  private queued: Promise<number> | undefined

  constructor(private readonly db: Queryable) {}

  /** The newest horizon known, without asking the database: every seq up to it is settled. */
  get latest(): number {
    return this.known
  }

  /** A horizon from a barrier begun after this call: it covers every write committed before it. */
  settle(): Promise<number> {
    if (!this.running) return this.barrier()
    this.queued ??= this.running.then(
      () => this.afterQueue(),
      () => this.afterQueue(),
    )
    return this.queued
  }

  /** Starts a barrier when the horizon known is older than `maxAgeMs` and none runs; never throws. */
  freshen(maxAgeMs: number): void {
    if (this.running || Date.now() - this.knownAt < maxAgeMs) return
    this.barrier().catch(() => {}) // a failed barrier leaves the horizon as it was: readers go on with it
  }

  private afterQueue(): Promise<number> {
    this.queued = undefined
    return this.barrier()
  }

  private barrier(): Promise<number> {
    const run = (async () => {
      const wait = this.begunAt + spacingMs - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      this.begunAt = Date.now()
      const row = await this.db.row<{ last: string | number }>(barrierSql)
      const last = Number(row?.last ?? 0)
      this.known = Math.max(this.known, last)
      this.knownAt = Date.now()
      return last
    })()
    this.running = run
    return run.finally(() => {
      if (this.running === run) this.running = undefined
    })
  }
}
