import type { CrmValue } from '../connector.js'

/** A JSON value from a CRM's answer as a flat CRM value: missing is null, objects and lists JSON text. */
export function crmValueOf(value: unknown): CrmValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}
