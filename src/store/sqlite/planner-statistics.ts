// SQLite chooses a plan from statistics (sqlite_stat1). Without them it assumes that an
// organisation's index narrows a search as well as a list of ids does, and answered
// `team/any(t: t/email eq '…')` by walking every referral of the organisation past a Bloom filter
// (30 ms at 100,000 referrals) instead of fetching the few matching ids (1.6 ms); the other list
// shapes kept their plans. `PRAGMA optimize` gathers statistics for tables whose size has changed
// much since the last time, sampling (analysis_limit) so it costs milliseconds: when the store
// opens, and again every so many writes while the table grows.
import type { Database } from 'better-sqlite3'

const refreshEvery = 10_000

export class PlannerStatistics {
  private writes = 0

  constructor(private readonly db: Database) {
    db.pragma('analysis_limit = 1000')
    this.refresh()
  }

  /** Call after `rows` referrals were written and committed. */
  wrote(rows: number): void {
    this.writes += rows
    if (this.writes >= refreshEvery) this.refresh()
  }

  private refresh(): void {
    this.writes = 0
    try {
      this.db.pragma('optimize = 0x10002') // every table, not only those this connection has read
    } catch {
      // Statistics only steer the choice of plan; the committed write that called this must not
      // be reported as failed because of them, and the previous statistics stay in force.
    }
  }
}
