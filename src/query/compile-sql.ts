// Compiles a checked $filter to an SQL condition. One compiler serves every dialect; values only
// ever travel as parameters. Conditions are compiled with their polarity: `not` is pushed down to
// the comparisons, which are then written so that a NULL operand gives the same answer the
// evaluator gives (OData's `null eq null` is true, `null ne 'x'` is true, `null gt 1` is false).
import {
  unreachable,
  type CallNode,
  type CompareNode,
  type CompareOp,
  type Expr,
  type InNode,
  type Literal,
} from './ast.js'
import { canonicalDateTimeSql, datePart } from './datetime.js'
import type { Dialect, JsonSource, ParamType } from './dialects/dialect.js'
import { elementIndexLookup, type ElementIndex } from './element-index.js'
import { folds } from './evaluate.js'
import { foldCase } from './text.js'

export type SqlFragment = { readonly sql: string; readonly params: readonly unknown[] }

/**
 * Paths stored in their own NOT NULL column (`{ id: 'id', 'customerProfile/address/country': … }`,
 * keys in the catalogue's spelling joined with '/'); every other path is read from the JSON document.
 * Columns must hold the same value as the document, with GUIDs in lower case and date-times with 7
 * fractional digits.
 */
export type ColumnMap = Readonly<Record<string, string>>

export type TableLayout = {
  readonly name: string
  /** The column holding the referral JSON exactly as the API emits it. */
  readonly document: string
  /**
   * The column a page selects as `doc` when `document` does not keep the emitted text (PostgreSQL
   * queries a jsonb column, which does not keep the order of keys, and emits a text column).
   */
  readonly emitted?: string
  readonly columns: ColumnMap
  /** Side tables a store keeps of one field of an array's elements; see ElementIndex. */
  readonly elementIndexes?: readonly ElementIndex[]
}

/** Collects parameters for one statement and hands out placeholders in order. */
export class Params {
  readonly values: unknown[] = []
  constructor(private readonly dialect: Dialect) {}

  add(value: string | number | boolean, type: ParamType): string {
    this.values.push(this.dialect.bind(value, type))
    return this.dialect.placeholder(this.values.length, type)
  }
}

/** A condition the store always adds, such as the tenant: `organization_id = ?`. */
export type Scope = { readonly column: string; readonly value: string }

export type Context = {
  readonly dialect: Dialect
  readonly table: TableLayout
  readonly params: Params
  readonly aliases: ReadonlyMap<string, string>
  /** The list's scope, which side-table lookups repeat (see ElementIndex.partition). */
  readonly scope?: Scope
}

type Value = { readonly sql: string; readonly nullable: boolean }

export function compileFilter(
  filter: Expr,
  dialect: Dialect,
  table: TableLayout,
  params = new Params(dialect),
  scope?: Scope,
): SqlFragment {
  const context: Context = { dialect, table, params, aliases: new Map(), ...(scope ? { scope } : {}) }
  const sql = condition(filter, context, false)
  return { sql, params: params.values }
}

export function condition(node: Expr, context: Context, negated: boolean): string {
  const { dialect } = context
  switch (node.kind) {
    case 'literal':
      return (node.value === true) !== negated ? 'TRUE' : 'FALSE'
    case 'path': {
      const value = scalar(node, context, false).sql
      return negated ? dialect.isNotTrue(value) : dialect.isTrue(value)
    }
    case 'logical': {
      const op = (node.op === 'and') !== negated ? 'AND' : 'OR'
      return `(${condition(node.left, context, negated)} ${op} ${condition(node.right, context, negated)})`
    }
    case 'not':
      return condition(node.operand, context, !negated)
    case 'compare':
      return compare(node, context, negated)
    case 'in':
      return membership(node, context, negated)
    case 'lambda': {
      const indexed = elementIndexLookup(
        node,
        context.table,
        negated,
        context.dialect,
        (text) => scalar(text, context, true),
        (column) => scopeOf(column, context),
      )
      if (indexed !== undefined) return indexed
      const alias = `e${context.aliases.size + 1}`
      const collection = node.collection
      const source = sourceOf(collection.variable, context)
      const from = dialect.arrayElements(source, collection.segments, alias)
      const { predicate, variable } = node
      if (predicate === undefined || variable === undefined)
        return `${negated ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${from})`
      const inner = { ...context, aliases: new Map(context.aliases).set(variable, alias) }
      // all(p) holds when no element fails p.
      const exists = node.op === 'any' ? !negated : negated
      const where = condition(predicate, inner, node.op === 'all')
      return `${exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${from} WHERE ${where})`
    }
    case 'call':
      return textCondition(node, context, negated)
    case 'negate':
    case 'arithmetic':
      throw new Error(`${node.kind} is not a condition; the checker lets none through`)
    default:
      return unreachable(node)
  }
}

function scopeOf(column: string, { scope, params }: Context): string | undefined {
  return scope?.column === column ? params.add(scope.value, 'text') : undefined
}

const inverse: Readonly<Record<CompareOp, CompareOp>> = {
  eq: 'ne',
  ne: 'eq',
  gt: 'le',
  ge: 'lt',
  lt: 'ge',
  le: 'gt',
}
const symbols: Readonly<Record<CompareOp, string>> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
}

function compare(node: CompareNode, context: Context, negated: boolean): string {
  const { dialect } = context
  const fold = folds(node.left) || folds(node.right)
  const [leftNull, rightNull] = [isNull(node.left), isNull(node.right)]
  const op = negated ? inverse[node.op] : node.op
  if (leftNull || rightNull) {
    if (op !== 'eq' && op !== 'ne') return negated ? 'TRUE' : 'FALSE' // ordering with null is false
    if (leftNull && rightNull) return op === 'eq' ? 'TRUE' : 'FALSE'
    const other = leftNull ? node.right : node.left
    if (!isNullable(other, context)) return op === 'eq' ? 'FALSE' : 'TRUE'
    return `${scalar(other, context, false).sql} IS ${op === 'eq' ? '' : 'NOT '}NULL`
  }
  const text = isText(node.left) || isText(node.right)
  const order = (sql: string): string => (text && op !== 'eq' && op !== 'ne' ? dialect.textOrder(sql) : sql)
  const left = scalar(node.left, context, fold)
  const right = scalar(node.right, context, fold)
  const nullable = left.nullable || right.nullable
  if (!nullable) return `${order(left.sql)} ${symbols[op]} ${right.sql}`
  if (op === 'eq') {
    return left.nullable && right.nullable
      ? dialect.nullSafeEqual(left.sql, right.sql)
      : `${left.sql} = ${right.sql}`
  }
  if (op === 'ne') return dialect.nullSafeNotEqual(left.sql, right.sql)
  if (!negated) return `${order(left.sql)} ${symbols[op]} ${right.sql}`
  // The negation of an ordering comparison is false, not true, when an operand is null.
  return `NOT COALESCE(${order(left.sql)} ${symbols[node.op]} ${right.sql}, FALSE)`
}

function membership(node: InNode, context: Context, negated: boolean): string {
  const fold = folds(node.operand)
  const operand = (): string => scalar(node.operand, context, fold).sql
  const nullable = isNullable(node.operand, context)
  const items = node.items.filter((item) => !isNull(item))
  const withNull = items.length < node.items.length && nullable
  const list = (): string => `(${items.map((item) => scalar(item, context, fold).sql).join(', ')})`
  if (!negated) {
    if (items.length === 0) return withNull ? `${operand()} IS NULL` : 'FALSE'
    return withNull ? `(${operand()} IN ${list()} OR ${operand()} IS NULL)` : `${operand()} IN ${list()}`
  }
  if (items.length === 0) return withNull ? `${operand()} IS NOT NULL` : 'TRUE'
  if (!nullable) return `${operand()} NOT IN ${list()}`
  if (withNull) return `(${operand()} NOT IN ${list()} AND ${operand()} IS NOT NULL)`
  return `(${operand()} NOT IN ${list()} OR ${operand()} IS NULL)`
}

function textCondition(node: CallNode, context: Context, negated: boolean): string {
  const { dialect } = context
  const [textArg, partArg] = node.args
  if (textArg === undefined || partArg === undefined) throw new Error(`${node.name}() needs two arguments`)
  const text = (): string => scalar(textArg, context, true).sql
  const part = (): string => scalar(partArg, context, true).sql
  const positive =
    node.name === 'contains'
      ? `${dialect.position(text(), part())} > 0`
      : node.name === 'startswith'
        ? `${dialect.position(text(), part())} = 1`
        : `(length(${text()}) >= length(${part()}) AND substr(${text()}, length(${text()}) - length(${part()}) + 1) = ${part()})`
  if (!negated) return positive
  const nullable = isNullable(textArg, context) || isNullable(partArg, context)
  return nullable ? `NOT COALESCE(${positive}, FALSE)` : `NOT (${positive})`
}

function isNull(node: Expr): boolean {
  return node.kind === 'literal' && node.literal === 'null'
}

function isText(node: Expr): boolean {
  return (
    node.type === 'string' ||
    node.type === 'enum' ||
    node.type === 'guid' ||
    node.type === 'datetime' ||
    node.type === 'date'
  )
}

export function sourceOf(variable: string | undefined, context: Context): JsonSource {
  if (variable === undefined) return { kind: 'document', column: context.table.document }
  const alias = context.aliases.get(variable)
  if (alias === undefined) throw new Error(`lambda variable ${variable} is not bound`)
  return { kind: 'element', alias }
}

/** A value expression; `fold` lower-cases text the way case-insensitive comparisons need. */
export function scalar(node: Expr, context: Context, fold: boolean): Value {
  const { dialect, params } = context
  switch (node.kind) {
    case 'literal':
      return literal(node, params, fold)
    case 'path': {
      const column = node.variable === undefined ? context.table.columns[node.segments.join('/')] : undefined
      const type = node.type ?? 'string'
      if (type === 'null' || type === 'date') throw new Error(`a path cannot have type ${type}`)
      if (column !== undefined) {
        const sql = dialect.quoteIdentifier(column)
        return { sql: fold && type !== 'guid' ? dialect.lower(sql) : sql, nullable: false }
      }
      const raw = dialect.jsonScalar(sourceOf(node.variable, context), node.segments, type)
      const sql = type === 'datetime' ? canonicalDateTimeSql(raw) : raw
      return { sql: fold ? dialect.lower(sql) : sql, nullable: true }
    }
    case 'negate': {
      const operand = scalar(node.operand, context, false)
      return { sql: `(- ${operand.sql})`, nullable: operand.nullable }
    }
    case 'arithmetic':
      return arithmetic(node, context)
    case 'call':
      return call(node, context, fold)
    case 'compare':
    case 'logical':
    case 'not':
    case 'in':
    case 'lambda':
      throw new Error(`${node.kind} is not a value; the checker lets none through`)
    default:
      return unreachable(node)
  }
}

function literal(node: Literal, params: Params, fold: boolean): Value {
  switch (node.literal) {
    case 'null':
      return { sql: 'NULL', nullable: true }
    case 'number':
      return { sql: params.add(node.value, 'number'), nullable: false }
    case 'boolean':
      return { sql: params.add(node.value, 'boolean'), nullable: false }
    default:
      return { sql: params.add(fold ? foldCase(node.value) : node.value, 'text'), nullable: false }
  }
}

function arithmetic(node: Extract<Expr, { kind: 'arithmetic' }>, context: Context): Value {
  const { dialect } = context
  // Each occurrence is compiled where it appears, so positional parameters stay in text order.
  const left = (): string => scalar(node.left, context, false).sql
  const right = (): string => scalar(node.right, context, false).sql
  const nullable =
    node.op === 'div' ||
    node.op === 'mod' ||
    isNullable(node.left, context) ||
    isNullable(node.right, context)
  switch (node.op) {
    case 'add':
      return { sql: `(${left()} + ${right()})`, nullable }
    case 'sub':
      return { sql: `(${left()} - ${right()})`, nullable }
    case 'mul':
      return { sql: `(${left()} * ${right()})`, nullable }
    case 'div':
      return { sql: `(${dialect.real(left())} / NULLIF(${right()}, 0))`, nullable }
    case 'mod':
      // Truncated remainder spelled with division, so all three engines round identically. Each
      // operand is written once and named in a subquery, fenced so no planner writes it again:
      // written twice, a chain of n mods would write its first operand 2^n times.
      return {
        sql: `(SELECT mod_left - mod_right * trunc(${dialect.real('mod_left')} / NULLIF(mod_right, 0)) FROM (SELECT ${left()} AS mod_left, ${right()} AS mod_right${dialect.subqueryFence}) AS mod_operands)`,
        nullable,
      }
    default:
      return unreachable(node.op)
  }
}

/** Whether a value expression can be NULL: mapped columns and non-null literals cannot. */
export function isNullable(node: Expr, context: Context): boolean {
  switch (node.kind) {
    case 'literal':
      return node.literal === 'null'
    case 'path':
      return node.variable !== undefined || context.table.columns[node.segments.join('/')] === undefined
    case 'negate':
      return isNullable(node.operand, context)
    case 'arithmetic':
      return (
        node.op === 'div' ||
        node.op === 'mod' ||
        isNullable(node.left, context) ||
        isNullable(node.right, context)
      )
    case 'call':
      return node.args.some((arg) => isNullable(arg, context))
    case 'compare':
    case 'logical':
    case 'not':
    case 'in':
    case 'lambda':
      return false
    default:
      return unreachable(node)
  }
}

function call(node: CallNode, context: Context, fold: boolean): Value {
  const { dialect, params } = context
  const nullable = isNullable(node, context)
  const arg = (index: number, folded = false): string => {
    const argument = node.args[index]
    if (argument === undefined) throw new Error(`${node.name}() lacks argument ${index + 1}`)
    return scalar(argument, context, folded).sql
  }
  const folded = (sql: string): Value => ({ sql: fold ? dialect.lower(sql) : sql, nullable })
  switch (node.name) {
    case 'tolower':
      return { sql: dialect.lower(arg(0)), nullable }
    case 'toupper':
      return folded(dialect.upper(arg(0)))
    case 'trim':
      return folded(dialect.trim(arg(0)))
    case 'concat':
      return folded(`(${arg(0)} || ${arg(1)})`)
    case 'substring': {
      const [start, length] = node.args
        .slice(1)
        .map((argument) => (argument.kind === 'literal' ? Number(argument.value) : 0))
      const text = arg(0)
      const from = params.add(Math.max(0, start ?? 0) + 1, 'integer')
      const count = length === undefined ? '' : `, ${params.add(Math.max(0, length), 'integer')}`
      return folded(`substr(${text}, ${from}${count})`)
    }
    case 'length':
      return { sql: `length(${arg(0)})`, nullable }
    case 'indexof':
      return { sql: `(${dialect.position(arg(0), arg(1))} - 1)`, nullable }
    case 'date':
      return { sql: `substr(${arg(0)}, 1, 10)`, nullable }
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second': {
      const [from, length] = datePart[node.name] ?? [1, 4]
      return { sql: `CAST(substr(${arg(0)}, ${from}, ${length}) AS INTEGER)`, nullable }
    }
    case 'contains':
    case 'startswith':
    case 'endswith':
    case 'now':
      throw new Error(`${node.name}() is not a value here; the checker rewrites it`)
    default:
      return unreachable(node.name)
  }
}
