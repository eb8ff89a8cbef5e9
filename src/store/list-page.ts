// A page of a compiled list as the stores answer it: the rows' stored JSON (parsed only when asked
// for), the count, and the skip token that resumes after it.
import type { Referral } from '../domain/referral/schema.js'
import { finishPage, type CompiledListQuery, type ListPlan } from '../query/index.js'
import type { ListPage, StoredReferral } from './referral-store.js'

export function listPage(
  plan: ListPlan,
  query: CompiledListQuery,
  rows: readonly Record<string, unknown>[],
  count: number,
  key: Buffer,
): ListPage {
  const page = finishPage(plan, query, rows, key)
  const stored = page.rows.map((row) =>
    storedReferral(row.doc as string, row[`k${query.keyCount - 1}`] as string),
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
