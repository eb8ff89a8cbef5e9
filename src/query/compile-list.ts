// Compiles a whole list request: the filter, the ORDER BY (whose expressions are also selected as
// k0, k1, … so the paging cursor holds the database's own values), the keyset condition that
// resumes after a cursor, and the count. The store only runs the two statements.
import { canonicalDateTimeSql } from './datetime.js'
import { compileFilter, Params, type Scope, type SqlFragment, type TableLayout } from './compile-sql.js'
import type { Dialect, ParamType } from './dialects/dialect.js'
import { pageWindow } from './page.js'
import type { CursorValue, ListPlan, OrderKey } from './plan.js'

export type { Scope }

export type CompiledListQuery = {
  /** Selects `<document> AS doc` and `k0…k{n-1}`; asks for one row more than `limit` to reveal a next page. */
  readonly rows: SqlFragment
  /** `SELECT COUNT(*) AS count …` over the filter alone (no cursor, no paging). */
  readonly count: SqlFragment
  /** Rows this page may hold; 0 when $top is used up. */
  readonly limit: number
  /** Number of k columns; the last one is the id. */
  readonly keyCount: number
}

export type ListQueryOptions = { readonly scope?: Scope; readonly maxPageSize?: number }

export function compileListQuery(
  plan: ListPlan,
  dialect: Dialect,
  table: TableLayout,
  options: ListQueryOptions = {},
): CompiledListQuery {
  const window = pageWindow(plan, options.maxPageSize)
  const keys = plan.orderBy.map((key) => orderExpression(key, dialect, table))
  const selected = keys.map((key, index) => `${key.sql} AS k${index}`)
  const from = `FROM ${dialect.quoteIdentifier(table.name)}`

  const params = new Params(dialect)
  const conditions = where(plan, dialect, table, params, options.scope)
  if (plan.cursor !== undefined)
    conditions.push(compileKeyset(plan.orderBy, plan.cursor.keys, dialect, table, params))
  const order = keys
    .map((key, index) => orderTerm(key, plan.orderBy[index]?.direction ?? 'asc', dialect))
    .join(', ')
  const fetch = window.limit === 0 ? 0 : window.limit + 1
  const paging = `LIMIT ${params.add(fetch, 'integer')} OFFSET ${params.add(window.offset, 'integer')}`
  const document = `${dialect.quoteIdentifier(table.emitted ?? table.document)} AS doc`
  const rows = `SELECT ${[document, ...selected].join(', ')} ${from}${clause(conditions)} ORDER BY ${order} ${paging}`

  const countParams = new Params(dialect)
  const countConditions = where(plan, dialect, table, countParams, options.scope)
  const count = `SELECT COUNT(*) AS count ${from}${clause(countConditions)}`
  return {
    rows: { sql: rows, params: params.values },
    count: { sql: count, params: countParams.values },
    limit: window.limit,
    keyCount: keys.length,
  }
}

function where(
  plan: ListPlan,
  dialect: Dialect,
  table: TableLayout,
  params: Params,
  scope: Scope | undefined,
): string[] {
  const conditions: string[] = []
  if (scope !== undefined)
    conditions.push(`${dialect.quoteIdentifier(scope.column)} = ${params.add(scope.value, 'text')}`)
  if (plan.filter !== undefined)
    conditions.push(compileFilter(plan.filter, dialect, table, params, scope).sql)
  return conditions
}

function clause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`
}

type KeyExpression = { readonly sql: string; readonly nullable: boolean; readonly type: ParamType }

/** What ORDER BY sorts on: folded text for strings, padded date-times, code-point text order. */
export function orderExpression(key: OrderKey, dialect: Dialect, table: TableLayout): KeyExpression {
  const column = table.columns[key.path.join('/')]
  const type: ParamType = key.type === 'number' ? 'number' : key.type === 'boolean' ? 'boolean' : 'text'
  let sql: string
  if (column !== undefined) {
    sql = dialect.quoteIdentifier(column)
    if (key.type === 'string') sql = dialect.lower(sql)
  } else {
    sql = dialect.jsonScalar({ kind: 'document', column: table.document }, key.path, key.type)
    if (key.type === 'datetime') sql = canonicalDateTimeSql(sql)
    if (key.type === 'string' || key.type === 'guid') sql = dialect.lower(sql)
  }
  return { sql: type === 'text' ? dialect.textOrder(sql) : sql, nullable: column === undefined, type }
}

function orderTerm(key: KeyExpression, direction: 'asc' | 'desc', dialect: Dialect): string {
  return `${key.sql} ${direction.toUpperCase()}${key.nullable ? dialect.nullsOrder(direction) : ''}`
}

/**
 * Rows strictly after the cursor in the plan's order: (k0 after c0) or (k0 = c0 and k1 after c1)
 * or … Nulls sort first ascending and last descending, so "after" a null depends on direction.
 */
export function compileKeyset(
  orderBy: readonly OrderKey[],
  values: readonly CursorValue[],
  dialect: Dialect,
  table: TableLayout,
  params: Params,
): string {
  const keys = orderBy.map((key) => orderExpression(key, dialect, table))
  const value = (index: number): CursorValue => values[index] ?? null
  const bind = (key: KeyExpression, cursor: CursorValue): string =>
    params.add(cursor as string | number | boolean, key.type)
  const equal = (key: KeyExpression, cursor: CursorValue): string =>
    cursor === null ? `${key.sql} IS NULL` : `${key.sql} = ${bind(key, cursor)}`
  const after = (key: KeyExpression, direction: 'asc' | 'desc', cursor: CursorValue): string => {
    if (direction === 'asc')
      return cursor === null ? `${key.sql} IS NOT NULL` : `${key.sql} > ${bind(key, cursor)}`
    const before = `${key.sql} < ${bind(key, cursor)}`
    return key.nullable ? `(${before} OR ${key.sql} IS NULL)` : before
  }

  const first = keys[0]
  const firstValue = value(0)
  const direction = (index: number): 'asc' | 'desc' => orderBy[index]?.direction ?? 'asc'
  // A plain range on a NOT NULL leading key lets the database seek its index.
  const leading =
    first !== undefined && !first.nullable && firstValue !== null
      ? `${first.sql} ${direction(0) === 'asc' ? '>=' : '<='} ${bind(first, firstValue)}`
      : undefined
  const alternatives: string[] = []
  keys.forEach((key, index) => {
    if (direction(index) === 'desc' && value(index) === null) return // nothing sorts after a null descending
    const equalities = keys.slice(0, index).map((earlier, at) => equal(earlier, value(at)))
    alternatives.push([...equalities, after(key, direction(index), value(index))].join(' AND '))
  })
  const any =
    alternatives.length === 0 ? 'FALSE' : `(${alternatives.map((part) => `(${part})`).join(' OR ')})`
  return leading === undefined ? any : `(${leading} AND ${any})`
}
