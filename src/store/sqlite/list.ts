// Listing through the OData engine: it compiles the whole statement (filter, order, keyset, page)
// for SQLite; the database does the filtering, ordering and paging, never JavaScript.
import type { Database, Statement } from 'better-sqlite3'
import type { Referral } from '../../domain/referral/schema.js'
import { compileListQuery, finishPage, sqlite, type ListPlan, type TableLayout } from '../../query/index.js'
import type { ListPage, ListScope, StoredReferral } from '../referral-store.js'
import { referralColumns } from './columns.js'

export const referralTable: TableLayout = { name: 'referrals', document: 'doc', columns: referralColumns }

/** Prepared statements by SQL text: list requests repeat a handful of shapes. */
const cache = new WeakMap<Database, Map<string, Statement>>()

function prepare(db: Database, sql: string): Statement {
  let statements = cache.get(db)
  if (!statements) cache.set(db, (statements = new Map<string, Statement>()))
  let statement = statements.get(sql)
  if (!statement) {
    if (statements.size > 500) statements.clear()
    statements.set(sql, (statement = db.prepare(sql)))
  }
  return statement
}

export function listReferrals(db: Database, scope: ListScope, plan: ListPlan, key: Buffer): ListPage {
  const column =
    'organizationId' in scope
      ? { column: 'organization_id', value: scope.organizationId }
      : { column: 'engagement_id', value: scope.engagementId }
  const compiled = compileListQuery(plan, sqlite, referralTable, { scope: column })
  const rows = prepare(db, compiled.rows.sql).all(...compiled.rows.params) as Record<string, unknown>[]
  const page = finishPage(plan, compiled, rows, key)
  const count = countMatches(db, compiled.count)
  const stored = page.rows.map((row) =>
    storedReferral(row.doc as string, row[`k${compiled.keyCount - 1}`] as string),
  )
  let parsed: Referral[] | undefined
  return {
    stored,
    get referrals() {
      return (parsed ??= stored.map((s) => JSON.parse(s.text) as Referral))
    },
    count,
    ...(page.skipToken === undefined ? {} : { skipToken: page.skipToken }),
  }
}

/**
 * `@odata.count` is always answered (decision 8), and counting a million matching rows costs tens
 * of milliseconds, far more than the page itself. A count is kept with the connection's
 * total_changes() at the time: every write through this connection (the only one: the store holds
 * the file exclusively) moves it on, so a kept count is used only while it is still exact.
 */
const counts = new WeakMap<Database, Map<string, { changes: number; count: number }>>()

function countMatches(db: Database, statement: { sql: string; params: readonly unknown[] }): number {
  let kept = counts.get(db)
  if (!kept) counts.set(db, (kept = new Map<string, { changes: number; count: number }>()))
  const changes = prepare(db, 'SELECT total_changes() AS n').pluck().get() as number
  const key = `${statement.sql}\u0000${JSON.stringify(statement.params)}`
  const known = kept.get(key)
  if (known && known.changes === changes) return known.count
  const count = (prepare(db, statement.sql).get(...statement.params) as { count: number }).count
  if (kept.size >= 1000) kept.clear()
  kept.set(key, { changes, count })
  return count
}

/** A stored document always begins with its id and engagementId: it is written in schema order (schema.ts). */
const leadingIds = /^\{"id":"([^"]+)","engagementId":"([^"]+)"/

function storedReferral(text: string, id: string): StoredReferral {
  const ids = leadingIds.exec(text)
  const eTag = /"eTag":("(?:[^"\\]|\\.)*")/.exec(text)?.[1]
  return { text, id, engagementId: ids?.[2] ?? '', eTag: eTag ? (JSON.parse(eTag) as string) : '' }
}
