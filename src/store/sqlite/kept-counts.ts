// `@odata.count` is always answered, and counting a million matching rows costs tens
// of milliseconds, far more than the page itself. So a count, once made, is kept, and kept exact:
// each entry remembers the connection's total_changes() (a counter every row change moves, those of
// triggers included) when it was last exact. A write through the store's own insert or replace (one
// referral row) brings every exact entry forward by evaluating the entry's filter on the row before
// and after the write (the query engine's evaluator, proven equal to the SQL it compiles); any other
// change (reset, restore, bulk loads, the directory's tables) moves total_changes() without that,
// and the entries it leaves behind are counted afresh when next asked.
// The store's main connection writes referrals one by one; its reader threads only read; the
// snapshot thread's connection replaces them wholesale and the store calls forget() after it
// commits. A count a reader made is kept only if it was made at the current mark (keep()).
import type { Database, Statement } from 'better-sqlite3'
import type { Referral } from '../../domain/referral/schema.js'
import { evaluateFilter, type Expr } from '../../query/index.js'
import type { ListScope } from '../referral-store.js'

interface Kept {
  count: number
  /** total_changes() when `count` was last exact. */
  changes: number
  readonly scope: ListScope
  readonly filter: Expr | undefined
}

/** Each write evaluates every exact entry's filter twice: a few dozen keep that cheap. */
const maxEntries = 64

export class KeptCounts {
  private readonly entries = new Map<string, Kept>()
  private readonly totalChanges: Statement
  /** Added to total_changes() so that no mark made before the last forget() equals one after. */
  private forgotten = 0

  constructor(db: Database) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck()
  }

  /** The kept count for this statement, or `countAfresh()`'s, kept from now on. */
  count(key: string, scope: ListScope, filter: Expr | undefined, countAfresh: () => number): number {
    const mark = this.changes()
    return this.kept(key, mark) ?? this.keep(key, scope, filter, countAfresh(), mark)
  }

  /** The kept count for this statement if it is exact now. */
  kept(key: string, changes = this.changes()): number | undefined {
    const known = this.entries.get(key)
    return known && known.changes === changes ? known.count : undefined
  }

  /**
   * Keeps `count`, made elsewhere (a reader thread) of the data as it was at `mark`, if no change
   * went through this connection since: only then is it exact now. Returns `count` either way.
   */
  keep(key: string, scope: ListScope, filter: Expr | undefined, count: number, mark: number): number {
    if (this.changes() !== mark) return count
    this.entries.delete(key) // re-inserted last: the oldest entries are the first to go
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { count, changes: mark, scope, filter })
    return count
  }

  /** Whether any entry is exact at `mark`: only then does a write need the row as it was. */
  anyExactAt(mark: number): boolean {
    for (const entry of this.entries.values()) if (entry.changes === mark) return true
    return false
  }

  /** total_changes() now: take it just before a write that `wrote` will report. */
  mark(): number {
    return this.changes()
  }

  /**
   * Call right after a statement of the store changed exactly one referral row (and whatever its
   * triggers changed), inside the same transaction: `before` is the row as it was (undefined for an
   * insert), `after` as written, `mark` what `mark()` said just before the statement.
   */
  wrote(before: Referral | undefined, after: Referral, mark: number): void {
    const changes = this.changes()
    for (const entry of this.entries.values()) {
      if (entry.changes !== mark) continue
      entry.count += Number(matches(entry, after)) - Number(before !== undefined && matches(entry, before))
      entry.changes = changes
    }
  }

  /**
   * A transaction that carried `wrote` adjustments did not commit, or another connection changed
   * the data (a snapshot restore, a reset): no entry can be trusted, nor a count made before now.
   */
  forget(): void {
    this.entries.clear()
    this.forgotten++ // total_changes() never falls, so every mark from now on is above every earlier one
  }

  private changes(): number {
    return (this.totalChanges.get() as number) + this.forgotten
  }
}

function matches(entry: Kept, referral: Referral): boolean {
  const inScope =
    'organizationId' in entry.scope
      ? referral.organizationId === entry.scope.organizationId
      : referral.engagementId === entry.scope.engagementId
  return inScope && evaluateFilter(entry.filter, referral)
}
