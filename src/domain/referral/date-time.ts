// Date-time text as the wire carries it (the wire conventions): server timestamps with
// seven fractional digits, user-supplied dates echoed as whole seconds in UTC.

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i

/** Parses an ISO-8601 date or date-time; no zone means UTC. Undefined when it is not one. */
export function parseIsoDateTime(text: string): Date | undefined {
  const m = isoDateTime.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  const ms = frac.padEnd(3, '0').slice(0, 3)
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`)
  if (Number.isNaN(date.getTime())) return undefined
  // reject dates JavaScript silently rolls over, such as 2024-02-30
  const check = new Date(`${y}-${mo}-${d}T00:00:00Z`)
  return check.toISOString().slice(0, 10) === `${y}-${mo}-${d}` ? date : undefined
}

/** A user-supplied date echoed as `YYYY-MM-DDTHH:mm:ssZ`. */
export function formatUserDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

/** A server timestamp with seven fractional digits, like `2022-02-28T17:27:47.8754901Z`. */
export function formatServerDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`
}
