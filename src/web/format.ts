// How values read on screen: money, dates, the time left before an incoming referral expires.
import { defaultUsdRates, toUsd } from '../domain/registration/usd-rates.js'

export function money(value: number | null | undefined, currency: string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency || 'USD',
      maximumFractionDigits: 0,
    }).format(value)
  } catch {
    return `${value.toLocaleString('en-US')} ${currency ?? ''}`.trim()
  }
}

/** A deal's value in US dollars at the reference rates the server's registration rules use. */
export function usdValue(details: { dealValue?: number | null; currency?: string | null }): number {
  return toUsd(details.dealValue ?? 0, details.currency || 'USD', defaultUsdRates) ?? 0
}

/** How a column or chart of summed deal values is labelled. */
export const usdSumLabel = 'Deal value (USD at reference rates)'

/** A sum of deal values in US dollars. */
export function amount(value: number): string {
  return `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}

export function day(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—'
}

/** "3 d 4 h left", or "expired", from the sandbox clock's now. */
export function timeLeft(until: string | null | undefined, now: number): string {
  if (!until) return '—'
  const ms = new Date(until).getTime() - now
  if (ms <= 0) return 'expired'
  const hours = Math.floor(ms / 3_600_000)
  return hours >= 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h left` : `${hours} h left`
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
