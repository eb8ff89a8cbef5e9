// JSON values with every object's keys in sorted order. PostgreSQL's jsonb keeps keys in an order
// of its own and SQLite's text keeps them as written; a dump sorts them, so that the same data
// dumps to the same bytes from either store.
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  return Object.fromEntries(entries.map(([key, inner]) => [key, canonicalJson(inner)]))
}
