// The `changes` table: the store appends a change record inside the write that changed the
// referral (so it commits or rolls back with it) and reads them back for the change feed.
// Listeners hear of a commit that appended records after it is durable, on a later turn. A
// referral's own records are a chain from its row's `last_change` back through each `prev`
// (migration 9): its history is walked, not looked up in an index every write would pay for.
import type { Database, Statement } from 'better-sqlite3'
import type { ActivityFilter } from '../../domain/change/activity-query.js'
import type { ChangeCause, ChangeRecord, FieldChange } from '../../domain/change/change-record.js'
import type { ActivityPage } from '../change-feed.js'
import { changeRowColumns, changeRowValues } from '../change-row.js'
import { walkReferralHistory, type ReferralChain } from '../referral-history.js'
import type { Referral } from '../../domain/referral/schema.js'

/** A row as the queries select it: the record's own names, `fields` still JSON text. */
type ChangeRow = Omit<ChangeRecord, 'fields'> & { fields: string }
type ChainRow = ChangeRow & { prev: number | null }

const recordColumns = `seq, kind, referral_id AS referralId, organization_id AS organizationId,
  engagement_id AS engagementId, at, e_tag AS eTag, actor, channel, request_id AS requestId, fields`

export class ChangeLog {
  private readonly statements: Record<'append' | 'after' | 'link' | 'head' | 'last', Statement>
  private readonly listeners = new Set<() => void>()
  private appended = false

  constructor(private readonly db: Database) {
    this.statements = {
      append: db.prepare(
        `INSERT INTO changes (${changeRowColumns}, prev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      after: db.prepare(`SELECT ${recordColumns} FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`),
      link: db.prepare(`SELECT ${recordColumns}, prev FROM changes WHERE seq = ?`),
      head: db.prepare('SELECT last_change FROM referrals WHERE organization_id = ? AND id = ?').pluck(),
      last: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck(),
    }
  }

  /**
   * Appends the record of `referral`'s write after `prev` (the referral's latest record, null for a
   * new one); call inside the write's transaction. Answers its seq, for the referral's row.
   */
  append(
    referral: Referral,
    cause: ChangeCause,
    fields: readonly FieldChange[] | undefined,
    prev: number | null,
  ): number {
    const { lastInsertRowid } = this.statements.append.run(...changeRowValues(referral, cause, fields), prev)
    this.appended = true
    return Number(lastInsertRowid)
  }

  /** The write batch committed: tells the listeners if records were appended since the last time. */
  committed(): void {
    if (!this.appended || this.listeners.size === 0) return void (this.appended = false)
    this.appended = false
    setImmediate(() => {
      for (const listener of this.listeners) listener()
    })
  }

  /** The write batch's transaction was undone: what was appended in it is gone. */
  abandoned(): void {
    this.appended = false
  }

  after(seq: number, limit: number): ChangeRecord[] {
    return (this.statements.after.all(seq, limit) as ChangeRow[]).map(toRecord)
  }

  /** Records an activity page looks at, at most: a page's cost does not grow with the log. */
  static readonly scanned = 5_000

  activities(organizationId: string, filter: ActivityFilter): Promise<ActivityPage> {
    if (filter.referralId !== undefined) {
      const chain = this.history(organizationId, filter.referralId)
      return walkReferralHistory(chain, organizationId, filter.referralId, filter, ChangeLog.scanned)
    }
    const { page, window } = this.activityStatements()
    const scope = {
      organization: organizationId,
      before: filter.before ?? Number.MAX_SAFE_INTEGER,
      scanned: ChangeLog.scanned,
    }
    const rows = page.all({
      ...scope,
      channel: filter.channel ?? null,
      actor: filter.actor ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      limit: filter.limit + 1, // one more than the page: whether an older one exists
    }) as ChangeRow[]
    const records = rows.slice(0, filter.limit).map(toRecord)
    if (rows.length > filter.limit) return Promise.resolve({ records, next: records.at(-1)!.seq })
    const looked = window.get(scope) as { count: number; oldest: number | null }
    return Promise.resolve(
      looked.count < ChangeLog.scanned || looked.oldest === null
        ? { records }
        : { records, next: looked.oldest },
    )
  }

  private history(organizationId: string, referralId: string): ReferralChain {
    return {
      head: () =>
        Promise.resolve(this.statements.head.get(organizationId, referralId) as number | null | undefined),
      link: (seq) => {
        const row = this.statements.link.get(seq) as ChainRow | undefined
        return Promise.resolve(row && { record: toRecord(row), prev: row.prev })
      },
    }
  }

  private pageStatements: { page: Statement; window: Statement } | undefined

  /** The organisation's page query, and its window's extent. */
  private activityStatements(): { page: Statement; window: Statement } {
    const window =
      'SELECT * FROM changes WHERE organization_id = @organization AND seq < @before ORDER BY seq DESC LIMIT @scanned'
    this.pageStatements ??= {
      page: this.db.prepare(
        `SELECT ${recordColumns} FROM (${window})
         WHERE (@channel IS NULL OR channel = @channel) AND (@actor IS NULL OR actor = @actor)
           AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
         ORDER BY seq DESC LIMIT @limit`,
      ),
      window: this.db.prepare(`SELECT count(*) AS count, min(seq) AS oldest FROM (${window})`),
    }
    return this.pageStatements
  }

  last(): number {
    return (this.statements.last.get() as number | undefined) ?? 0
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

function toRecord({ fields, ...row }: ChangeRow | ChainRow): ChangeRecord {
  const { prev: _prev, ...record } = row as ChainRow
  return { ...record, fields: JSON.parse(fields) as FieldChange[] }
}
