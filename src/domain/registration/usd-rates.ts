// Converting contract values to US dollars for the USD 25,000 threshold (the documented
// registration rules, the CSV upload article). The reference rates in usd-rates.json are
// approximate (USD for one unit of each currency); a deployment that needs others sets
// COSELL_FX_RATES, e.g. `EUR=1.09,GBP=1.26`, which overrides single entries of the file.
import rates from './usd-rates.json' with { type: 'json' }

/** USD value of one unit of each ISO 4217 currency. */
export type UsdRates = Readonly<Record<string, number>>

export const defaultUsdRates: UsdRates = rates

/** `value` in USD; undefined when there is no rate for `currency`. */
export function toUsd(value: number, currency: string, usdRates: UsdRates): number | undefined {
  const rate = usdRates[currency.toUpperCase()]
  return rate === undefined ? undefined : value * rate
}

/**
 * Reads `EUR=1.09,GBP=1.26` into rates. Codes are upper-cased; a rate that is not a number is
 * kept as text, so the configuration schema names it as the bad setting.
 */
export function parseRateList(text: string): Record<string, number | string> {
  const out: Record<string, number | string> = {}
  for (const pair of text.split(',')) {
    const [code = '', rate = ''] = pair.split('=').map((part) => part.trim())
    if (code === '' && rate === '') continue
    const n = Number(rate)
    out[code.toUpperCase()] = rate !== '' && Number.isFinite(n) ? n : rate
  }
  return out
}
