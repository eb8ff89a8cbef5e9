// Lookups in side tables a store keeps of one field of a document array's elements: the one lambda
// shape, `collection/any(x: x/field eq 'text')`, that such a table answers exactly.
import type { Expr, LambdaNode } from './ast.js'
import type { TableLayout } from './compile-sql.js'
import type { Dialect } from './dialects/dialect.js'
import { folds } from './evaluate.js'

/**
 * A table listing, for each referral, the lower-cased `field` of every object element of the
 * top-level array `collection` where that field is not null, next to the referral's `id` (the
 * store keeps it in step with the documents). `collection/any(x: x/field eq 'text')` then becomes
 * a lookup in it instead of a walk through every document's array.
 */
export type ElementIndex = {
  readonly collection: string
  readonly field: string
  readonly table: string
  /** The column of the referral's id. */
  readonly key: string
  /** The column of the lower-cased field. */
  readonly value: string
  /**
   * The column both tables lead their keys with (the organisation), when they have one: the
   * lookup then matches it as well as the id, and a list scoped by it names it in the side table
   * too, so the lookup stays within the organisation's rows (one shard, when distributed by it).
   */
  readonly partition?: string
}

/**
 * The condition for `collection/any(x: x/field eq 'text')` (either side, `negated` under `not`)
 * on a collection `table` has an index of, or undefined for every other lambda. `foldedText`
 * compiles the text literal lower-cased, as the comparison it replaces would; `scoped` answers the
 * placeholder of the list's scope when the scope is that column, undefined otherwise.
 */
export function elementIndexLookup(
  node: LambdaNode,
  table: TableLayout,
  negated: boolean,
  dialect: Dialect,
  foldedText: (literal: Expr) => { sql: string },
  scoped: (column: string) => string | undefined = () => undefined,
): string | undefined {
  const { collection, predicate, variable } = node
  if (node.op !== 'any' || collection.variable !== undefined || predicate?.kind !== 'compare')
    return undefined
  if (predicate.op !== 'eq' || !(folds(predicate.left) || folds(predicate.right))) return undefined
  const index = table.elementIndexes?.find((i) => i.collection === collection.segments.join('/'))
  const id = table.columns.id
  if (index === undefined || id === undefined) return undefined
  const isField = (n: Expr) =>
    n.kind === 'path' && n.variable === variable && n.segments.join('/') === index.field
  const isText = (n: Expr) => n.kind === 'literal' && n.literal === 'string'
  const [field, text] = isField(predicate.left)
    ? [predicate.left, predicate.right]
    : [predicate.right, predicate.left]
  if (!isField(field) || !isText(text)) return undefined
  const q = (name: string) => dialect.quoteIdentifier(name)
  const not = negated ? 'NOT ' : ''
  const { partition } = index
  const scope = partition === undefined ? undefined : scoped(partition)
  const value = `${q(index.value)} = ${foldedText(text).sql}`
  if (partition === undefined)
    return `${q(id)} ${not}IN (SELECT ${q(index.key)} FROM ${q(index.table)} WHERE ${value})`
  const where = scope === undefined ? value : `${q(partition)} = ${scope} AND ${value}`
  return `(${q(partition)}, ${q(id)}) ${not}IN (SELECT ${q(partition)}, ${q(index.key)} FROM ${q(index.table)} WHERE ${where})`
}
