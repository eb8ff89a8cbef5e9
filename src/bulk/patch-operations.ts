// An update as the PATCH that makes it: one `replace` for each client-set field whose value the
// import changes. Fields fixed after creation are compared too, so that changing one is refused
// by the service (naming the field) rather than dropped without a word.
import type { JsonPatchOperation } from '../client/referrals.js'
import { writablePaths } from '../domain/patch/patch-paths.js'
import type { Referral } from '../domain/referral/schema.js'

// what a client may PATCH, then what it sets only on creation
const comparedPaths = [
  ...writablePaths,
  'qualification',
  'customerProfile/name',
  'customerProfile/address',
  'customerProfile/ids',
  'consent/consentToToShareInfoWithOthers',
  'consent/consentToContact',
  'consent/consentToMicrosoftToContactSpecificPartners',
] as const

/** The operations taking `current` to `next`; a field `next` leaves out is left as it is. */
export function patchOperations(current: Referral, next: object): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = []
  for (const path of comparedPaths) {
    const before = valueAt(current, path)
    const read = valueAt(next, path)
    if (read === undefined) continue
    const wanted = keepingEmptyText(read, before)
    if (JSON.stringify(wanted) !== JSON.stringify(before))
      operations.push({ op: 'replace', path: `/${path}`, value: wanted })
  }
  return operations
}

function valueAt(value: unknown, path: string): unknown {
  let at = value
  for (const segment of path.split('/')) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string, unknown>)[segment]
  }
  return at
}

/**
 * An empty cell reads as null, and a CSV cannot tell null from empty text: where the referral holds
 * "" and the file read null, the "" stays (else exporting and importing again would change it).
 */
function keepingEmptyText(read: unknown, before: unknown): unknown {
  if (read === null) return before === '' ? '' : null
  if (Array.isArray(read))
    return read.map((item, i) => keepingEmptyText(item, Array.isArray(before) ? before[i] : undefined))
  if (typeof read === 'object' && before !== null && typeof before === 'object' && !Array.isArray(before)) {
    const kept: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(read))
      kept[key] = keepingEmptyText(value, (before as Record<string, unknown>)[key])
    return kept
  }
  return read
}
