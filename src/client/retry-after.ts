// `Retry-After` as RFC 9110 §10.2.3 defines it: delay-seconds or an HTTP-date. A date is read
// against the response's own `Date` header when it has one, so a skewed local clock cannot make
// the client retry early; without `Date` it is read against the local clock.

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const time = '(\\d{2}):(\\d{2}):(\\d{2})'
const imfFixdate = new RegExp(`^[A-Z][a-z]{2}, (\\d{2}) ([A-Z][a-z]{2}) (\\d{4}) ${time} GMT$`)
const rfc850Date = new RegExp(`^[A-Z][a-z]+day, (\\d{2})-([A-Z][a-z]{2})-(\\d{2}) ${time} GMT$`)
const asctimeDate = new RegExp(`^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \\d]\\d) ${time} (\\d{4})$`)
// Not 1*DIGIT only: a server that writes "1.5" asked for at least 1.5 s, and is honoured.
const delaySeconds = /^\d+(\.\d+)?$/

/** Milliseconds since the epoch of an HTTP-date in any of its three forms; undefined if not one. */
export function parseHttpDate(value: string, nowMs: number): number | undefined {
  const text = value.trim()
  let match = imfFixdate.exec(text)
  if (match) return utc(match[3]!, match[2]!, match[1]!, match.slice(4, 7))
  match = rfc850Date.exec(text)
  if (match) return utc(fullYear(Number(match[3]), nowMs), match[2]!, match[1]!, match.slice(4, 7))
  match = asctimeDate.exec(text)
  if (match) return utc(match[6]!, match[1]!, match[2]!, match.slice(3, 6))
  return undefined
}

/**
 * The least time the server asked the client to wait, in ms (0 for a date already past), or
 * undefined when the response has no usable `Retry-After`.
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  if (delaySeconds.test(value)) return Math.ceil(Number(value) * 1000)
  const retryAt = parseHttpDate(value, nowMs)
  if (retryAt === undefined) return undefined
  const date = headers.get('date')
  const serverNow = (date ? parseHttpDate(date, nowMs) : undefined) ?? nowMs
  return Math.max(0, retryAt - serverNow)
}

// RFC 9110: a two-digit year more than 50 years ahead is the most recent past year with those digits.
function fullYear(twoDigits: number, nowMs: number): number {
  const now = new Date(nowMs).getUTCFullYear()
  const year = now - (now % 100) + twoDigits
  return year > now + 50 ? year - 100 : year
}

function utc(year: string | number, month: string, day: string, [h, m, s]: string[]): number | undefined {
  const monthIndex = months.indexOf(month)
  const at = Date.UTC(Number(year), monthIndex, Number(day), Number(h), Number(m), Number(s))
  const back = new Date(at)
  const valid =
    monthIndex >= 0 && back.getUTCDate() === Number(day) && back.getUTCHours() === Number(h) && Number(s) < 60
  return valid ? at : undefined
}
