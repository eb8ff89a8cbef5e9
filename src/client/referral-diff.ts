// The JSON Patch that turns one referral into another: `replace` at the deepest path where they
// differ (objects are walked, arrays and scalars replaced whole), so an edit of a copy can be sent
// as the PATCH Microsoft's service accepts (it supports `replace` and `add` only).
import type { JsonPatchOperation } from './referrals.js'

type Json = unknown

export function diffReferral(before: object, after: object): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = []
  walk(before, after, '', operations)
  return operations
}

function walk(before: Json, after: Json, path: string, out: JsonPatchOperation[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) walk(before[key], after[key], `${path}/${escape(key)}`, out)
    for (const key of Object.keys(before))
      if (!(key in after) && before[key] !== null)
        out.push({ op: 'replace', path: `${path}/${escape(key)}`, value: null })
    return
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    out.push({ op: 'replace', path, value: after ?? null })
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// RFC 6901: `~` and `/` inside a member name.
function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}
