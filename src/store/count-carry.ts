// A count of a filter's matches, made at one change of an organisation's log, brought forward over
// the changes logged since, without counting again. Each change record lists the fields that
// differ (from and to), so a referral whose changes touch no field the filter reads is still in or
// out of the matches as it was; a created one counts if its document matches; one whose changes
// touch the filter is judged on its document before them (the document now, each change undone
// from the latest back) and after. Only a filter that reads a stamp (eTag, updatedDateTime), which
// records do not carry, cannot be judged on an updated referral: the count is then made afresh.
import type { FieldChange } from '../domain/change/change-record.js'
import { stampFields } from '../domain/change/field-changes.js'
import type { Referral } from '../domain/referral/schema.js'
import { evaluateFilter, filterPaths, type Expr } from '../query/index.js'

/** A change record as the carry reads it. */
export interface LoggedChange {
  readonly seq: number
  readonly kind: 'created' | 'updated'
  readonly referralId: string
  readonly fields: readonly FieldChange[]
}

/** The referrals of `changes` whose documents, as they are after the last of them, decide the count. */
export function documentsToCarry(filter: Expr | undefined, changes: readonly LoggedChange[]): string[] {
  const reads = filterPaths(filter)
  return [...new Set(changes.filter((c) => decides(reads, c)).map((c) => c.referralId))]
}

/**
 * How many more matches of `filter` there are after `changes` than before them; undefined when it
 * cannot be told and the count must be made afresh. `documents` holds each referral
 * `documentsToCarry` named, as it is after the last of `changes`.
 */
export function carriedDelta(
  filter: Expr | undefined,
  changes: readonly LoggedChange[],
  documents: ReadonlyMap<string, Referral>,
): number | undefined {
  const reads = filterPaths(filter)
  const readsStamp = reads.some((path) => stampFields.has(path[0]!))
  let delta = 0
  for (const [id, own] of byReferral(changes)) {
    const created = own[0]!.kind === 'created'
    if (own.slice(1).some((c) => c.kind === 'created')) return undefined // not a log this can read
    if (!created && readsStamp) return undefined
    if (!own.some((c) => decides(reads, c))) continue
    const after = documents.get(id)
    if (after === undefined) return undefined
    const before = created ? undefined : undone(after, own)
    delta +=
      Number(evaluateFilter(filter, after)) - Number(before !== undefined && evaluateFilter(filter, before))
  }
  return delta
}

/** Whether the referral's document is needed to judge `change`: it was created, or changed a field the filter reads. */
function decides(reads: readonly string[][], change: LoggedChange): boolean {
  return change.kind === 'created' || change.fields.some((f) => readsField(reads, f.path))
}

/** Whether a change at the dotted `path` can change a field the filter reads (one path inside the other). */
function readsField(reads: readonly string[][], path: string): boolean {
  const changed = path.split('.')
  return reads.some((read) => read.every((segment, i) => i >= changed.length || changed[i] === segment))
}

function byReferral(changes: readonly LoggedChange[]): Map<string, LoggedChange[]> {
  const found = new Map<string, LoggedChange[]>()
  for (const change of changes) {
    const own = found.get(change.referralId) ?? []
    own.push(change)
    found.set(change.referralId, own)
  }
  return found
}

/** `after` with `changes` undone, latest first: the document before the first of them. */
function undone(after: Referral, changes: readonly LoggedChange[]): Referral {
  const doc = structuredClone(after) as unknown as Record<string, unknown>
  for (const change of [...changes].reverse())
    for (const field of change.fields) put(doc, field.path, field.from)
  return doc as unknown as Referral
}

function put(doc: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.')
  let at = doc
  for (const segment of segments.slice(0, -1)) {
    const next = at[segment]
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[segment] = {}
    at = at[segment] as Record<string, unknown>
  }
  at[segments.at(-1)!] = value
}
