// Listing through the OData engine: it compiles the whole statement (filter, order, keyset, page)
// for SQLite; the database does the filtering, ordering and paging, never JavaScript. A list the
// indexes answer runs here on the main connection; one that walks documents runs the same
// statements on a reader thread (listOnReaders), so it holds no other request up.
import type { Database, Statement } from 'better-sqlite3'
import {
  compileListQuery,
  sqlite,
  type CompiledListQuery,
  type ListPlan,
  type TableLayout,
} from '../../query/index.js'
import { listPage } from '../list-page.js'
import type { ListPage, ListScope } from '../referral-store.js'
import type { KeptCounts } from './kept-counts.js'
import { referralColumns } from '../referral-row.js'
import type { ReadAnswer, ReadStatement } from './read-worker.js'
import type { WorkerPool } from './worker-pool.js'

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

type Compiled = { readonly query: CompiledListQuery; readonly countKey: string }

function compile(scope: ListScope, plan: ListPlan): Compiled {
  const column =
    'organizationId' in scope
      ? { column: 'organization_id', value: scope.organizationId }
      : { column: 'engagement_id', value: scope.engagementId }
  const query = compileListQuery(plan, sqlite, referralTable, { scope: column })
  const { sql, params } = query.count
  return { query, countKey: `${sql}\u0000${JSON.stringify(params)}` }
}

export function listReferrals(
  db: Database,
  counts: KeptCounts,
  scope: ListScope,
  plan: ListPlan,
  key: Buffer,
): ListPage {
  const { query, countKey } = compile(scope, plan)
  const rows = prepare(db, query.rows.sql).all(...query.rows.params) as Record<string, unknown>[]
  const { sql, params } = query.count
  const count = counts.count(countKey, scope, plan.filter, () => {
    return (prepare(db, sql).get(...params) as { count: number }).count
  })
  return listPage(plan, query, rows, count, key)
}

/**
 * The same list, its statements run on a reader thread. A count the reader made is kept only if
 * no write went through the main connection between dispatch and answer (then it is exactly the
 * count at the mark); otherwise it serves this answer alone.
 */
export async function listOnReaders(
  readers: WorkerPool<ReadAnswer>,
  counts: KeptCounts,
  scope: ListScope,
  plan: ListPlan,
  key: Buffer,
): Promise<ListPage> {
  const { query, countKey } = compile(scope, plan)
  const kept = counts.kept(countKey)
  const mark = counts.mark()
  const answer = await readers.run({
    rows: guarded(query.rows),
    ...(kept === undefined ? { count: guarded(query.count) } : {}),
  })
  const count = kept ?? counts.keep(countKey, scope, plan.filter, answer.count ?? 0, mark)
  return listPage(plan, query, answer.rows, count, key)
}

const from = `FROM ${sqlite.quoteIdentifier(referralTable.name)} WHERE `

/** Calls cosell_alive() on every row the statement visits, so that terminating its thread stops it. */
function guarded(statement: { readonly sql: string; readonly params: readonly unknown[] }): ReadStatement {
  if (!statement.sql.includes(from)) throw new Error(`a reader statement without a WHERE: ${statement.sql}`)
  return { sql: statement.sql.replace(from, `${from}cosell_alive() AND `), params: statement.params }
}
