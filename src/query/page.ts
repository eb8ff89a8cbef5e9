// Page arithmetic shared by the compiler and the store: how many rows this page may hold, where it
// starts, and whether a next link is due.
import { cursorValue, encodeSkipToken, type SigningKey } from './paging-token.js'
import { maxPageSize as defaultMaxPageSize, type ListPlan } from './plan.js'

export type PageWindow = { readonly limit: number; readonly offset: number }

/** $skip applies to the first page only; later pages resume from the cursor. */
export function pageWindow(plan: ListPlan, maxPageSize = defaultMaxPageSize): PageWindow {
  const served = plan.cursor?.served ?? 0
  const remaining = plan.top === undefined ? Number.POSITIVE_INFINITY : Math.max(0, plan.top - served)
  return { limit: Math.min(maxPageSize, remaining), offset: plan.cursor === undefined ? plan.skip : 0 }
}

export type PageRows<Row> = { readonly rows: readonly Row[]; readonly skipToken?: string }

/**
 * Trims the extra row the compiled query asked for and, when more rows remain within $top, signs
 * the next $skiptoken from the last row's k0…k{n-1} columns.
 */
export function finishPage<Row extends Readonly<Record<string, unknown>>>(
  plan: ListPlan,
  compiled: { readonly limit: number; readonly keyCount: number },
  rows: readonly Row[],
  key: SigningKey,
): PageRows<Row> {
  const page = rows.slice(0, compiled.limit)
  const served = (plan.cursor?.served ?? 0) + page.length
  const last = page[page.length - 1]
  const more = rows.length > page.length && (plan.top === undefined || served < plan.top)
  if (!more || last === undefined) return { rows: page }
  const keys = Array.from({ length: compiled.keyCount }, (_, index) => cursorValue(last[`k${index}`]))
  return { rows: page, skipToken: encodeSkipToken({ keys, served }, plan.fingerprint, key) }
}
