// Date-time text. Server timestamps are stored with 7 fractional digits and user dates without a
// fraction, both UTC with `Z`; padding the fraction to 7 digits makes text order equal
// time order. The same padding is written in SQL (see canonicalDateTimeSql) and here for the
// evaluator, so both see identical text even for values that are not well-formed.
import { codePoints, substringText } from './text.js'

const literalPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2}))?$/i

/**
 * Parses an OData date-time or date literal (`2024-03-01T10:00:00+02:00`, `2024-03-01`) into the
 * canonical `YYYY-MM-DDTHH:mm:ss.fffffffZ` in UTC; undefined when it is not a real instant.
 */
export function canonicalDateTime(text: string): string | undefined {
  const match = literalPattern.exec(text.trim())
  if (match === null) return undefined
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const [y, mo, d, h, mi, s] = parts
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : offsetOf(zone)
  if (offsetMinutes === undefined) return undefined
  // Pure calendar arithmetic on the literal's own fields; no clock is read.
  const utc = new Date(0)
  utc.setUTCFullYear(y, mo - 1, d) // unlike Date.UTC, keeps years 0–99 as written
  utc.setUTCHours(h, mi - offsetMinutes, s, 0)
  if (utc.getUTCFullYear() < 0 || utc.getUTCFullYear() > 9999) return undefined
  return `${utc.toISOString().slice(0, 19)}.${fraction.padEnd(7, '0')}Z`
}

/** Where year(), month(), … and date() read their part of canonical date-time text: 1-based start, length. */
export const datePart: Readonly<Record<string, readonly [number, number]>> = {
  year: [1, 4],
  month: [6, 2],
  day: [9, 2],
  hour: [12, 2],
  minute: [15, 2],
  second: [18, 2],
  date: [1, 10],
}

/** A date literal `YYYY-MM-DD` when it names a real day. */
export function canonicalDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (match === null) return undefined
  const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? match[0] : undefined
}

/** Mirrors canonicalDateTimeSql: keeps 19 characters, pads the fraction to 7 digits, ends in Z. */
export function storedDateTimeText(stored: string): string {
  const chars = codePoints(stored)
  const fraction = chars[19] === '.' ? substringText(stored, 21).replace(/Z+$/, '') : ''
  return `${substringText(stored, 1, 19)}.${substringText(`${fraction}0000000`, 1, 7)}Z`
}

/** The SQL spelling of storedDateTimeText; identical in SQLite and PostgreSQL. */
export function canonicalDateTimeSql(expression: string): string {
  const fraction = `CASE WHEN substr(${expression}, 20, 1) = '.' THEN rtrim(substr(${expression}, 21), 'Z') ELSE '' END`
  return `(substr(${expression}, 1, 19) || '.' || substr(${fraction} || '0000000', 1, 7) || 'Z')`
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

function offsetOf(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3))
  const minutes = Number(zone.slice(4, 6))
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
}
