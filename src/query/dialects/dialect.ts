// What differs between the SQL dialects the compiler writes for. Everything else (the shape of
// predicates, null handling, keyset paging) is written once in compile-sql.ts and compile-list.ts.
import type { ScalarType } from '../catalogue.js'

export type ParamType = 'text' | 'number' | 'integer' | 'boolean'

/** A JSON value to read from: the document column, or the current element of a lambda. */
export type JsonSource =
  | { readonly kind: 'document'; readonly column: string }
  | { readonly kind: 'element'; readonly alias: string }

export type Dialect = {
  readonly name: 'sqlite' | 'postgres'
  /** The placeholder for the `position`-th parameter (1-based). */
  placeholder(position: number, type: ParamType): string
  /** The value to bind for a parameter (SQLite has no boolean type). */
  bind(value: string | number | boolean, type: ParamType): unknown
  quoteIdentifier(name: string): string
  /** A scalar inside a JSON value as an SQL value of the given type; `path` may be empty for elements. */
  jsonScalar(source: JsonSource, path: readonly string[], type: ScalarType): string
  /** A FROM item yielding one row per element of the JSON array at `path` (none when it is not an array). */
  arrayElements(source: JsonSource, path: readonly string[], alias: string): string
  lower(expression: string): string
  upper(expression: string): string
  trim(expression: string): string
  /** 1-based position of `part` in `text`, 0 when absent. */
  position(text: string, part: string): string
  /** Forces floating-point arithmetic, so `div` never truncates. */
  real(expression: string): string
  /**
   * Ends a subquery in FROM that the planner must not merge into the query around it ('' when
   * the planner never duplicates what it merges).
   */
  readonly subqueryFence: string
  nullSafeEqual(left: string, right: string): string
  nullSafeNotEqual(left: string, right: string): string
  isTrue(expression: string): string
  isNotTrue(expression: string): string
  /** Makes text compare and sort by code point. */
  textOrder(expression: string): string
  /** The NULLS clause that puts nulls first ascending and last descending ('' when that is the default). */
  nullsOrder(direction: 'asc' | 'desc'): string
}

/** JSON paths come from the catalogue, never from the request; this keeps them safe to inline. */
export function jsonMember(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new Error(`unsafe JSON member name ${JSON.stringify(name)}`)
  return name
}
