// What differs between two versions of a referral, field by field: objects are walked, arrays and
// scalars compared whole (a team is one value: who was added or removed reads better from the two
// lists than from index-by-index noise). The stamps every write changes are left out: the record
// carries its own time and eTag.
import type { Referral } from '../referral/schema.js'
import type { FieldChange } from './change-record.js'

/** Fields every write changes, which a change record does not list. */
export const stampFields: ReadonlySet<string> = new Set(['eTag', 'updatedDateTime', 'links'])

export function fieldChanges(before: Referral, after: Referral): FieldChange[] {
  const found: FieldChange[] = []
  walk(before, after, '', found)
  return found
}

function walk(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  found: FieldChange[],
): void {
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (prefix === '' && stampFields.has(key)) continue
    const from = before[key]
    const to = after[key]
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (isPlainObject(from) && isPlainObject(to)) walk(from, to, path, found)
    else if (!sameValue(from, to)) found.push({ path, from: from ?? null, to: to ?? null })
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}
