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
    const wanted = valueAt(next, path)
    if (wanted === undefined) continue
    if (JSON.stringify(wanted) !== JSON.stringify(valueAt(current, path)))
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
