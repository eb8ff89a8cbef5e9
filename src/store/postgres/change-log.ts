// The `changes` table in PostgreSQL: a record appended by the statement that changed the referral,
// read back by the change feed. A write is one statement in a transaction of its own: it takes the
// append lock SHARED, draws its seq, writes the row and appends the record, and commits. Writers
// never wait for each other here, so seqs may commit out of order: a write that drew 11 can commit
// before one that drew 10. A consumer keeps the last seq it handled and asks for what came after,
// so the feed answers only up to the settled horizon (settled-horizon.ts), below which no record
// can still appear; the kept counts keep which records they saw above it (count-cache.ts).
import type { ActivityFilter } from '../../domain/change/activity-query.js'
import type { ChangeCause, ChangeRecord, FieldChange } from '../../domain/change/change-record.js'
import type { Referral } from '../../domain/referral/schema.js'
import type { ActivityPage } from '../change-feed.js'
import type { SettingAsRead } from '../referral-store.js'
import { changeRowColumns, changeRowValues } from '../change-row.js'
import { walkReferralHistory, type ReferralChain } from '../referral-history.js'
import type { PostgresDatabase, Queryable } from './database.js'
import { appendLock, SettledHorizon } from './settled-horizon.js'

type ChangeRow = Omit<ChangeRecord, 'fields'> & { fields: FieldChange[] }
type ChainRow = ChangeRow & { prev: number | null }

const recordColumns = `seq, kind, referral_id AS "referralId", organization_id AS "organizationId",
  engagement_id AS "engagementId", at, e_tag AS "eTag", actor, channel, request_id AS "requestId", fields`

/**
 * The write of a referral's row that `write` makes with its record's append. Its parameters are
 * numbered after `paramsBeforeRow`; it stores `drawn.seq` as the row's last change and returns
 * `prev` (the row's last change before, or null) and whatever `after` reads of it.
 */
export interface RowWrite {
  /** The name the whole statement is prepared under. */
  readonly name: string
  readonly sql: string
  readonly params: readonly unknown[]
  /** Further statements over `written`, the row as written (the team-email lookup's). */
  readonly after: readonly string[]
}

/** A record's values (`changeRowValues`), typed: a SELECT's parameters have no column to take a type from. */
const appendedColumns = changeRowColumns.split(',').map((column) => column.trim())
const recordValues = appendedColumns
  .map((column, i) => `$${i + 1}::${column === 'fields' ? 'jsonb' : 'text'}`)
  .join(', ')

/** Parameters of `write` before those of the row's statement: the record's. */
export const paramsBeforeRow = appendedColumns.length

/** Whether the setting a write states (its key and JSON as read, parameters after `before`) still holds. */
function heldSetting(before: number): string {
  return `SELECT (SELECT convert_from(value, 'UTF8')::jsonb FROM settings WHERE key = $${before + 1})
    IS NOT DISTINCT FROM $${before + 2}::jsonb AS holds`
}

function settingAsReadParams(asRead: SettingAsRead): [string, string | null] {
  return [`json:${asRead.key}`, asRead.value === undefined ? null : JSON.stringify(asRead.value)]
}

/** The greatest seq drawn so far, as `last` (0 when none). */
export const lastChangeSql = 'SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM change_seq'

/** Records an activity page looks at, at most: a page's cost does not grow with the log. */
export const scannedPerPage = 5_000

export class PostgresChangeLog {
  private readonly listeners = new Set<() => void>()
  readonly horizon: SettledHorizon

  constructor(private readonly db: PostgresDatabase) {
    this.horizon = new SettledHorizon(db)
  }

  /**
   * Writes `referral`'s row and appends its record in one statement, in a transaction of its own
   * (see the top of this file); answers whether the row was written. The shared lock comes
   * first, then the seq (`drawn`): a barrier that holds the lock exclusive knows every seq drawn
   * before it is settled. Then the row, the record and what follows the row. With `asRead`, no seq
   * is drawn and nothing written unless that setting still holds (`held`).
   */
  async write(
    referral: Referral,
    cause: ChangeCause,
    fields: readonly FieldChange[] | undefined,
    row: RowWrite,
    asRead?: SettingAsRead,
  ): Promise<'written' | 'not-written' | 'setting-moved'> {
    const after = row.after.map((sql, i) => `, after_${i} AS (${sql})`).join('')
    const held = asRead === undefined ? undefined : heldSetting(paramsBeforeRow + row.params.length)
    const [outcome] = await this.db.preparedRows<{ written: number; holds: boolean }>(
      held ? `${row.name}-held` : row.name,
      `WITH locked AS (SELECT pg_advisory_xact_lock_shared(${appendLock})),
       ${held ? `held AS (${held}),` : ''}
       drawn AS (SELECT nextval('change_seq') AS seq FROM locked${held ? ', held WHERE held.holds' : ''}),
       written AS (${row.sql}),
       appended AS (
         INSERT INTO changes (${changeRowColumns}, prev, seq)
         SELECT ${recordValues}, written.prev, drawn.seq FROM written, drawn)${after}
       SELECT count(*)::int AS written, ${held ? '(SELECT holds FROM held)' : 'TRUE'} AS holds FROM written`,
      [
        ...changeRowValues(referral, cause, fields),
        ...row.params,
        ...(asRead === undefined ? [] : settingAsReadParams(asRead)),
      ],
    )
    if (!outcome!.holds) return 'setting-moved'
    return outcome!.written > 0 ? 'written' : 'not-written'
  }

  /** Appends the `created` records of `referrals` inside `tx` in one statement; answers their seqs in order. */
  async appendMany(tx: Queryable, referrals: readonly Referral[], cause: ChangeCause): Promise<number[]> {
    await tx.run('SELECT pg_advisory_xact_lock_shared($1)', [appendLock])
    const width = 10
    const values = referrals.map(
      (_, row) =>
        `(${Array.from({ length: width }, (_, i) => `$${row * width + i + 1}`).join(', ')}, NULL, nextval('change_seq'))`,
    )
    const rows = await tx.rows<{ referral_id: string; seq: number }>(
      `INSERT INTO changes (${changeRowColumns}, prev, seq) VALUES ${values.join(', ')} RETURNING referral_id, seq`,
      referrals.flatMap((r) => changeRowValues(r, cause, undefined)),
    )
    const seqs = new Map(rows.map((row) => [row.referral_id, row.seq]))
    return referrals.map((r) => seqs.get(r.id)!)
  }

  /** A transaction that appended records committed: the listeners hear of it on a later turn. */
  committed(): void {
    if (this.listeners.size === 0) return
    setImmediate(() => {
      for (const listener of this.listeners) listener()
    })
  }

  /** Records after `seq` up to a horizon settled after this call: none of a smaller seq can commit later. */
  async after(seq: number, limit: number): Promise<ChangeRecord[]> {
    const settled = await this.horizon.settle()
    if (settled <= seq) return []
    const rows = await this.db.rows<ChangeRow>(
      `SELECT ${recordColumns} FROM changes WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [seq, settled, limit],
    )
    return rows.map(toRecord)
  }

  async activities(organizationId: string, filter: ActivityFilter): Promise<ActivityPage> {
    if (filter.referralId !== undefined) {
      const chain = this.history(organizationId, filter.referralId)
      return walkReferralHistory(chain, organizationId, filter.referralId, filter, scannedPerPage)
    }
    const window = `SELECT * FROM changes WHERE organization_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`
    const scope = [organizationId, filter.before ?? Number.MAX_SAFE_INTEGER, scannedPerPage]
    const rows = await this.db.rows<ChangeRow>(
      `SELECT ${recordColumns} FROM (${window}) AS w
       WHERE ($4::text IS NULL OR channel = $4) AND ($5::text IS NULL OR actor = $5)
         AND ($6::text IS NULL OR at >= $6) AND ($7::text IS NULL OR at < $7)
       ORDER BY seq DESC LIMIT $8`,
      [
        ...scope,
        filter.channel ?? null,
        filter.actor ?? null,
        filter.since ?? null,
        filter.until ?? null,
        filter.limit + 1, // one more than the page: whether an older one exists
      ],
    )
    const records = rows.slice(0, filter.limit).map(toRecord)
    if (rows.length > filter.limit) return { records, next: records.at(-1)!.seq }
    const looked = (await this.db.row<{ count: number; oldest: number | null }>(
      `SELECT count(*)::int AS count, min(seq) AS oldest FROM (${window}) AS w`,
      scope,
    ))!
    return looked.count < scannedPerPage || looked.oldest === null
      ? { records }
      : { records, next: looked.oldest }
  }

  private history(organizationId: string, referralId: string): ReferralChain {
    return {
      head: async () =>
        (
          await this.db.row<{ last_change: number | null }>(
            'SELECT last_change FROM referrals WHERE organization_id = $1 AND id = $2',
            [organizationId, referralId],
          )
        )?.last_change,
      link: async (seq) => {
        const row = await this.db.row<ChainRow>(
          `SELECT ${recordColumns}, prev FROM changes WHERE organization_id = $1 AND seq = $2`,
          [organizationId, seq],
        )
        return row && { record: toRecord(row), prev: row.prev }
      },
    }
  }

  /**
   * The greatest seq drawn so far (0 when none): seqs are never reused, not even after a reset. A
   * write in flight may hold a smaller one; it commits concurrently with whatever reads this.
   */
  async last(): Promise<number> {
    const row = await this.db.row<{ last: number }>(lastChangeSql)
    return row?.last ?? 0
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

function toRecord({ prev: _prev, ...row }: ChangeRow & { prev?: number | null }): ChangeRecord {
  return row
}
