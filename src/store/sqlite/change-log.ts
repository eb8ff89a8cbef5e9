// The `changes` table: the store appends a change record inside the write that changed the
// referral (so it commits or rolls back with it) and reads them back for the change feed.
// Listeners hear of a commit that appended records after it is durable, on a later turn.
import type { Database, Statement } from 'better-sqlite3'
import type { ActivityFilter } from '../../domain/change/activity-query.js'
import type { ChangeCause, ChangeRecord, FieldChange } from '../../domain/change/change-record.js'
import type { ActivityPage } from '../change-feed.js'
import type { Referral } from '../../domain/referral/schema.js'

/** A row as the queries select it: the record's own names, `fields` still JSON text. */
type ChangeRow = Omit<ChangeRecord, 'fields'> & { fields: string }

const recordColumns = `seq, kind, referral_id AS referralId, organization_id AS organizationId,
  engagement_id AS engagementId, at, e_tag AS eTag, actor, channel, request_id AS requestId, fields`

export class ChangeLog {
  private readonly statements: Record<'append' | 'after' | 'of' | 'last', Statement>
  private readonly listeners = new Set<() => void>()
  private appended = false

  constructor(private readonly db: Database) {
    this.statements = {
      append: db.prepare(
        `INSERT INTO changes (kind, referral_id, organization_id, engagement_id, at, e_tag, actor, channel, request_id, fields)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      after: db.prepare(`SELECT ${recordColumns} FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`),
      of: db.prepare(`SELECT ${recordColumns} FROM changes WHERE referral_id = ? ORDER BY seq LIMIT ?`),
      last: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck(),
    }
  }

  /** Appends the record of `referral`'s write; call inside the write's transaction. */
  append(referral: Referral, cause: ChangeCause, fields: readonly FieldChange[] | undefined): void {
    this.statements.append.run(
      fields === undefined ? 'created' : 'updated',
      referral.id,
      referral.organizationId,
      referral.engagementId,
      fields === undefined ? referral.createdDateTime : referral.updatedDateTime,
      referral.eTag,
      cause.actor,
      cause.channel,
      cause.requestId,
      fields === undefined ? '[]' : JSON.stringify(fields),
    )
    this.appended = true
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

  of(referralId: string, limit: number): ChangeRecord[] {
    return (this.statements.of.all(referralId, limit) as ChangeRow[]).map(toRecord)
  }

  /** Records an activity page looks at, at most: a page's cost does not grow with the log. */
  static readonly scanned = 5_000

  activities(organizationId: string, filter: ActivityFilter): ActivityPage {
    const { page, window } = this.activityStatements(filter)
    const scope = {
      organization: organizationId,
      referral: filter.referralId ?? null,
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
    if (rows.length > filter.limit) return { records, next: records.at(-1)!.seq }
    const looked = window.get(scope) as { count: number; oldest: number | null }
    return looked.count < ChangeLog.scanned || looked.oldest === null
      ? { records }
      : { records, next: looked.oldest }
  }

  private readonly pages = new Map<boolean, { page: Statement; window: Statement }>()

  /** The page query and its window's extent, for the organisation's log or one referral's. */
  private activityStatements(filter: ActivityFilter): { page: Statement; window: Statement } {
    const byReferral = filter.referralId !== undefined
    let made = this.pages.get(byReferral)
    if (!made) {
      const window = `SELECT * FROM changes WHERE organization_id = @organization ${
        byReferral ? 'AND referral_id = @referral' : ''
      } AND seq < @before ORDER BY seq DESC LIMIT @scanned`
      made = {
        page: this.db.prepare(
          `SELECT ${recordColumns} FROM (${window})
           WHERE (@channel IS NULL OR channel = @channel) AND (@actor IS NULL OR actor = @actor)
             AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
           ORDER BY seq DESC LIMIT @limit`,
        ),
        window: this.db.prepare(`SELECT count(*) AS count, min(seq) AS oldest FROM (${window})`),
      }
      this.pages.set(byReferral, made)
    }
    return made
  }

  last(): number {
    return (this.statements.last.get() as number | undefined) ?? 0
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

function toRecord(row: ChangeRow): ChangeRecord {
  return { ...row, fields: JSON.parse(row.fields) as FieldChange[] }
}
