// ISO-8601 durations (`P14DT1H`, `PT90M`, `P1M`), as the admin clock takes and shows them. Years
// and months are calendar units (added in UTC, so P1M from 31 January lands on 3 March, as
// JavaScript's Date rolls over); weeks, days, hours, minutes and seconds are fixed lengths.

export interface Duration {
  readonly negative: boolean
  readonly years: number
  readonly months: number
  /** Weeks, days, hours, minutes and seconds together, in milliseconds. */
  readonly milliseconds: number
}

const pattern =
  /^([-+])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/i

const msPer = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 }

/** Parses an ISO-8601 duration; undefined when `text` is not one (or names no unit at all). */
export function parseDuration(text: string): Duration | undefined {
  const trimmed = text.trim()
  const m = pattern.exec(trimmed)
  if (!m || /^[-+]?P$|T$/i.test(trimmed)) return undefined
  const [, sign, y, mo, w, d, h, mi, s] = m
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(',', '.')))
  const milliseconds = Math.round(
    n(w) * msPer.week + n(d) * msPer.day + n(h) * msPer.hour + n(mi) * msPer.minute + n(s) * msPer.second,
  )
  if (!Number.isSafeInteger(milliseconds)) return undefined
  return { negative: sign === '-', years: n(y), months: n(mo), milliseconds }
}

/** `at` moved by `d`; an invalid Date when the result leaves the calendar JavaScript can hold. */
export function addDuration(at: Date, d: Duration): Date {
  const sign = d.negative ? -1 : 1
  const out = new Date(at.getTime())
  if (d.years !== 0 || d.months !== 0) out.setUTCMonth(out.getUTCMonth() + sign * (d.years * 12 + d.months))
  return new Date(out.getTime() + sign * d.milliseconds)
}

/** A span of milliseconds as `P14DT1H30M`, `PT0.25S`, `-PT10M` or `PT0S`; days are the largest unit. */
export function formatDuration(milliseconds: number): string {
  const sign = milliseconds < 0 ? '-' : ''
  let rest = Math.abs(Math.round(milliseconds))
  const take = (unit: number) => {
    const count = Math.floor(rest / unit)
    rest -= count * unit
    return count
  }
  const [days, hours, minutes] = [take(msPer.day), take(msPer.hour), take(msPer.minute)]
  const seconds = rest / msPer.second
  const date = days > 0 ? `${days}D` : ''
  const time = [
    hours > 0 ? `${hours}H` : '',
    minutes > 0 ? `${minutes}M` : '',
    seconds > 0 ? `${seconds}S` : '',
  ]
  const timePart = time.join('')
  if (date === '' && timePart === '') return 'PT0S'
  return `${sign}P${date}${timePart === '' ? '' : `T${timePart}`}`
}
