// Listing through the OData engine: it compiles the whole statement (filter, order, keyset, page)
// for SQLite; the database does the filtering, ordering and paging, never JavaScript.
import type { Database, Statement } from 'better-sqlite3'
import type { Referral } from '../../domain/referral/schema.js'
import { compileListQuery, finishPage, sqlite, type ListPlan, type TableLayout } from '../../query/index.js'
import type { ListPage, ListScope, StoredReferral } from '../referral-store.js'
import type { KeptCounts } from './kept-counts.js'
import { referralColumns } from './columns.js'

export const referralTable: TableLayout = {
  name: 'referrals',
  document: 'doc',
  columns: referralColumns,
  elementIndexes: [
    { collection: 'team', field: 'email', table: 'referral_team_emails', key: 'referral_id', value: 'email' },
  ], // migration 6
}

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

export function listReferrals(
  db: Database,
  counts: KeptCounts,
  scope: ListScope,
  plan: ListPlan,
  key: Buffer,
): ListPage {
  const column =
    'organizationId' in scope
      ? { column: 'organization_id', value: scope.organizationId }
      : { column: 'engagement_id', value: scope.engagementId }
  const compiled = compileListQuery(plan, sqlite, referralTable, { scope: column })
  const rows = prepare(db, compiled.rows.sql).all(...compiled.rows.params) as Record<string, unknown>[]
  const page = finishPage(plan, compiled, rows, key)
  const { sql, params } = compiled.count
  const count = counts.count(`${sql}\u0000${JSON.stringify(params)}`, scope, plan.filter, () => {
    return (prepare(db, sql).get(...params) as { count: number }).count
  })
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

/** A stored document always begins with its id and engagementId: it is written in schema order (schema.ts). */
const leadingIds = /^\{"id":"([^"]+)","engagementId":"([^"]+)"/

function storedReferral(text: string, id: string): StoredReferral {
  const ids = leadingIds.exec(text)
  const eTag = /"eTag":("(?:[^"\\]|\\.)*")/.exec(text)?.[1]
  return { text, id, engagementId: ids?.[2] ?? '', eTag: eTag ? (JSON.parse(eTag) as string) : '' }
}
