// Deep edits of a request body by dot path, so a table of cases can say "this sample, with
// details.currency set to 'US$'" in one line.

export type JsonObject = Record<string, unknown>

/** Marks a property to delete. */
export const absent = Symbol('absent')

/** A deep copy of `body` with each dot path (`team.0.email`) set to its value, or deleted for `absent`. */
export function edited(body: JsonObject, edits: Readonly<Record<string, unknown>>): JsonObject {
  const copy = structuredClone(body)
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split('.')
    const last = keys.pop()!
    let node: Record<string, unknown> = copy
    for (const key of keys) {
      const next = node[key]
      if (typeof next !== 'object' || next === null) node[key] = {}
      node = node[key] as Record<string, unknown>
    }
    if (value === absent) delete node[last]
    else node[last] = value
  }
  return copy
}

/** The same value with every object key rewritten by `rename`, at every depth. */
export function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]))
}

/** `count` copies of `item`, for limit tests. */
export function copies<T>(count: number, item: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => item(i))
}
