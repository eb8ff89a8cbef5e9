// One mapped field's value on either side: the CRM form of a referral's field(s), and the
// referral value(s) a CRM value stands for, through the field's translation table and format.
// Both sides are compared in the CRM form (`crmForm`), which is also what the sync keeps as the
// last agreed value of each field.
import type { CrmValue } from '../connectors/connector.js'
import type { FieldMapping } from './mapping-schema.js'
import { readPath } from './referral-path.js'

export type Translated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

const ok = <T>(value: T): Translated<T> => ({ ok: true, value })
const refused = <T>(reason: string): Translated<T> => ({ ok: false, reason })

export function referralPaths(field: FieldMapping): readonly string[] {
  return typeof field.referral === 'string' ? [field.referral] : field.referral
}

/** The CRM value the referral's field stands for. */
export function crmValueOf(field: FieldMapping, referral: object): Translated<CrmValue> {
  const values = referralPaths(field).map((path) => readPath(referral, path) ?? null)
  if (field.values) {
    const pair = field.values.find((p) => sameReferralValues(referralSide(p.referral, values.length), values))
    if (pair) return ok(crmForm(field, pair.crm))
    return refused(
      `${describePaths(field)} ${describeValues(values)} has no ${field.crm} value in the mapping; mapped: ${field.values
        .map((p) => describeValues(referralSide(p.referral, values.length)))
        .join(', ')}`,
    )
  }
  return formatForCrm(field, values[0])
}

/** The referral value (one per path) a CRM value stands for. */
export function referralValuesOf(field: FieldMapping, value: CrmValue): Translated<unknown[]> {
  const paths = referralPaths(field)
  if (field.values) {
    const wanted = crmForm(field, value)
    const pair = field.values.find((p) => crmForm(field, p.crm) === wanted)
    if (pair) return ok(referralSide(pair.referral, paths.length))
    return refused(
      `${field.crm} ${JSON.stringify(value)} has no ${describePaths(field)} value in the mapping; mapped: ${field.values
        .map((p) => JSON.stringify(p.crm))
        .join(', ')}`,
    )
  }
  const read = formatForReferral(field, value)
  return read.ok ? ok([read.value]) : read
}

/** A CRM value as the sync compares and keeps it: blank text is null, numbers and days read alike. */
export function crmForm(field: FieldMapping, value: CrmValue | undefined): CrmValue {
  if (value === undefined || value === null || value === '') return null
  switch (field.format) {
    case 'number':
      return typeof value === 'number' ? value : numberOrText(String(value))
    case 'date':
      return typeof value === 'string' ? value.slice(0, 10) : value
    case 'boolean':
      return typeof value === 'boolean' ? value : booleanOrText(String(value))
    case 'json':
      return typeof value === 'string' ? canonicalJson(value) : JSON.stringify(value)
    case 'text':
      return String(value)
    case undefined:
      return value
  }
}

function formatForCrm(field: FieldMapping, value: unknown): Translated<CrmValue> {
  if (value === null || value === undefined) return ok(null)
  if (field.format === 'json') return ok(JSON.stringify(value))
  if (typeof value === 'object') {
    return refused(
      `${describePaths(field)} holds a list or object; map it with "format": "json" or a deeper path`,
    )
  }
  return ok(crmForm(field, value as CrmValue))
}

function formatForReferral(field: FieldMapping, value: CrmValue): Translated<unknown> {
  const form = crmForm(field, value)
  if (form === null) return ok(null)
  switch (field.format) {
    case 'number':
      return typeof form === 'number'
        ? ok(form)
        : refused(`${field.crm} ${JSON.stringify(value)} is not a number`)
    case 'boolean':
      return typeof form === 'boolean'
        ? ok(form)
        : refused(`${field.crm} ${JSON.stringify(value)} is not true or false`)
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(form))
        ? ok(`${String(form)}T00:00:00Z`)
        : refused(`${field.crm} ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`)
    case 'json':
      try {
        return ok(JSON.parse(String(form)) as unknown)
      } catch {
        return refused(`${field.crm} is not JSON text`)
      }
    case 'text':
    case undefined:
      return ok(form)
  }
}

function referralSide(pairValue: unknown, arity: number): unknown[] {
  return arity === 1 ? [pairValue] : Array.isArray(pairValue) ? pairValue : [pairValue]
}

function sameReferralValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return (
    a.length === b.length && a.every((v, i) => JSON.stringify(v ?? null) === JSON.stringify(b[i] ?? null))
  )
}

function numberOrText(text: string): CrmValue {
  const n = Number(text.trim())
  return text.trim() !== '' && Number.isFinite(n) ? n : text
}

function booleanOrText(text: string): CrmValue {
  const t = text.trim().toLowerCase()
  if (['true', '1', 'yes'].includes(t)) return true
  if (['false', '0', 'no'].includes(t)) return false
  return text
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text))
  } catch {
    return text
  }
}

function describePaths(field: FieldMapping): string {
  return referralPaths(field).join('/')
}

function describeValues(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v ?? null)).join('/')
}
