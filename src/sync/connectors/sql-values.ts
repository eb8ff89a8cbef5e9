// Database values as CRM values (text, numbers, booleans, null; times as ISO 8601 text), shared
// by both dialects after their own type handling.
import type { CrmValue } from './connector.js'

export function toCrmValue(value: unknown): CrmValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return value.toString('base64')
  return JSON.stringify(value)
}

// SQLite's own CURRENT_TIMESTAMP form: a UTC time without its zone
const sqliteTimestamp = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** A modification time as ISO 8601 UTC; the epoch when the column holds nothing readable. */
export function isoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number') return new Date(value).toISOString()
  if (typeof value === 'string') {
    const parsed = Date.parse(sqliteTimestamp.test(value) ? `${value.replace(' ', 'T')}Z` : value)
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString()
  }
  return new Date(0).toISOString()
}
