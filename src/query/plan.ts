// What options.ts makes of a request's query options, and what the compiler, the evaluator and the
// paging token read.
import type { Expr } from './ast.js'
import type { ScalarType } from './catalogue.js'

export type Direction = 'asc' | 'desc'

/** One $orderby key: a scalar path in the catalogue's spelling. The last key is always `id`. */
export type OrderKey = {
  readonly path: readonly string[]
  readonly type: ScalarType
  readonly direction: Direction
}

/** A value of one order key as the database returned it (selected as k0, k1, …). */
export type CursorValue = string | number | boolean | null

/** Where the previous page stopped, carried by $skiptoken. */
export type Cursor = {
  /** The last row's value for every order key, `id` included. */
  readonly keys: readonly CursorValue[]
  /** Rows served by earlier pages (after $skip), so $top spans pages. */
  readonly served: number
}

export type ListPlan = {
  /** A checked filter (check.ts), or undefined for every referral. */
  readonly filter?: Expr
  readonly orderBy: readonly OrderKey[]
  /** Selected paths in the catalogue's spelling; undefined for the whole referral. */
  readonly select?: readonly (readonly string[])[]
  readonly top?: number
  readonly skip: number
  readonly count: boolean
  readonly cursor?: Cursor
  /** Identifies filter, order, $top and $skip (and the caller's scope) inside paging tokens. */
  readonly fingerprint: string
}

export const maxPageSize = 100 // "more than 100 items → nextLink" (the documented list)

export const defaultOrder: readonly OrderKey[] = [
  { path: ['createdDateTime'], type: 'datetime', direction: 'desc' },
  { path: ['id'], type: 'guid', direction: 'asc' },
] // id last: paging stays stable
