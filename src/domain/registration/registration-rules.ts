// Named rules of a deal registration (the documented registration rules). Each takes the
// registration a partner submits and returns problems naming the field, the rule and, where a list
// exists, the allowed values; none throws, so a client hears of every mistake at once.
import type { Problem } from '../errors.js'
import type { SolutionProfile } from '../organization/organization.js'
import { parseIsoDateTime } from '../referral/date-time.js'
import type { Registration } from '../referral/registration-schema.js'
import type { Referral } from '../referral/schema.js'
import { taxonomy } from '../taxonomy/taxonomy.js'
import { azureIpCoSellIncentive, eligibleProfile, eligibleSolutionIds } from './eligibility.js'
import { toUsd, type UsdRates } from './usd-rates.js'

export interface RegistrationContext {
  /** The referral the registration belongs to, as it will be stored. */
  readonly referral: Referral
  /** The partner organisation's solution profiles. */
  readonly solutionProfiles: readonly SolutionProfile[]
  readonly usdRates: UsdRates
}

type Rule = (r: Registration, ctx: RegistrationContext) => (Problem | undefined)[]

/** the CSV upload article: the annual contract value must exceed this many US dollars. */
export const minimumAnnualUsd = 25_000
/** the CSV upload article: a perpetual contract's annual value is its total over six years. */
export const perpetualYears = 6

const at = 'registrations[0]'
const averageMonthMs = (365.25 / 12) * 86_400_000

export const contractIsComplete: Rule = (r) => {
  const c = r.contract
  const start = c.startDateTime === null ? undefined : parseIsoDateTime(c.startDateTime)
  const end = c.endDateTime === null ? undefined : parseIsoDateTime(c.endDateTime)
  return [
    c.value === null ? required('contract.value', 'Contract value') : undefined,
    c.currency === null
      ? required('contract.currency', 'Contract currency')
      : iso4217(c.currency, 'contract.currency'),
    c.term === null ? required('contract.term', 'Contract term') : undefined,
    c.signDateTime === null ? required('contract.signDateTime', 'Contract sign date') : undefined,
    c.startDateTime === null ? required('contract.startDateTime', 'Contract start date') : undefined,
    c.term === 'Finite' && c.endDateTime === null
      ? problem('contract.endDateTime', 'required', 'is required when contract.term is Finite.')
      : undefined,
    start && end && end <= start
      ? problem('contract.endDateTime', 'order', 'must be later than contract.startDateTime.')
      : undefined,
  ]
}

/** the CSV upload article: above USD 25,000 a year; a Finite contract shorter than a year counts as one year. */
export const annualValueIsEnough: Rule = (r, ctx) => {
  const { value, currency, term, startDateTime, endDateTime } = r.contract
  if (value === null || currency === null || term === null) return [] // reported as required
  // a value the schema refused (a term outside the enum, a text value) is reported once, there
  if (typeof value !== 'number' || (term !== 'Finite' && term !== 'Perpetual')) return []
  if (!taxonomy.currencies.includes(currency)) return []
  const usd = toUsd(value, currency, ctx.usdRates)
  if (usd === undefined)
    return [
      problem(
        'contract.currency',
        'exchangeRate',
        `has no exchange rate to USD for ${currency}; the server's COSELL_FX_RATES can add one.`,
      ),
    ]
  let years = perpetualYears
  if (term === 'Finite') {
    const start = startDateTime === null ? undefined : parseIsoDateTime(startDateTime)
    const end = endDateTime === null ? undefined : parseIsoDateTime(endDateTime)
    if (!start || !end || end <= start) return [] // reported by contractIsComplete
    years = Math.max(1, contractYears(start, end))
  }
  const annual = usd / years
  if (annual > minimumAnnualUsd) return []
  const shown = `${Math.round(annual).toLocaleString('en-US')} USD`
  return [
    problem(
      'contract.value',
      'minimumAnnualValue',
      `gives an annual contract value of ${shown} (${term === 'Perpetual' ? `the total over ${perpetualYears} years` : `over ${years.toFixed(1)} years`}); it must exceed ${minimumAnnualUsd.toLocaleString('en-US')} USD.`,
    ),
  ]
}

export const solutionsAreDescribed: Rule = (r) => {
  if (r.solutionDetails.length === 0)
    return [problem('solutionDetails', 'required', 'needs the solution the deal registers.')]
  return r.solutionDetails.flatMap((s, i) => {
    const path = (field: string) => `solutionDetails[${i}].${field}`
    const marketplace = s.marketplaceTransactionDetails
    return [
      s.value === null
        ? required(path('value'), 'Solution value')
        : s.value <= 0
          ? problem(
              path('value'),
              'nonZero',
              'must be more than zero (one-time implementation fees excluded).',
            )
          : undefined,
      s.currency === null ? undefined : iso4217(s.currency, path('currency')),
      s.isDeployedOnAzure === null
        ? required(path('isDeployedOnAzure'), 'Is deployed on Azure')
        : s.isDeployedOnAzure
          ? undefined
          : problem(
              path('isDeployedOnAzure'),
              'notEligible',
              'is false: only solutions deployed on Azure are eligible for Azure IP co-sell.',
            ),
      marketplace.isMarketplaceTransacted === null
        ? required(path('marketplaceTransactionDetails.isMarketplaceTransacted'), 'Is marketplace transacted')
        : undefined,
      marketplace.isMarketplaceTransacted === true && marketplace.marketplaceTransactionDateTime === null
        ? problem(
            path('marketplaceTransactionDetails.marketplaceTransactionDateTime'),
            'required',
            'is required when the solution is marketplace transacted.',
          )
        : undefined,
    ]
  })
}

/** the deal-registration article: the solution is one of the referral's and carries the Azure IP co-sell incentive. */
export const solutionsAreEligible: Rule = (r, ctx) => {
  const onReferral = ctx.referral.details.requirements.solutions.map((s) => s.id.toLowerCase())
  const eligible = eligibleSolutionIds(ctx.referral, ctx.solutionProfiles)
  return r.solutionDetails.map((s, i) => {
    const target = `solutionDetails[${i}].id`
    if (s.id === null || s.id.trim() === '') return required(target, 'Solution ID')
    if (!onReferral.includes(s.id.trim().toLowerCase()))
      return {
        ...problem(
          target,
          'notOnReferral',
          `'${s.id}' is not one of the referral's solutions (details.requirements.solutions).`,
        ),
        allowedValues: eligible,
      }
    if (eligibleProfile(ctx.solutionProfiles, s.id)) return undefined
    return {
      ...problem(
        target,
        'notEligible',
        `'${s.id}' does not carry the ${azureIpCoSellIncentive} incentive in the organisation's solution profiles.`,
      ),
      allowedValues: eligible,
    }
  })
}

export const registrationRules: readonly Rule[] = [
  contractIsComplete,
  annualValueIsEnough,
  solutionsAreDescribed,
  solutionsAreEligible,
]

export function checkRegistration(r: Registration, ctx: RegistrationContext): Problem[] {
  return registrationRules.flatMap((rule) => rule(r, ctx)).filter((p): p is Problem => p !== undefined)
}

/** Calendar months between the dates, plus the days left over, in years: 1 March to 1 March is 1. */
function contractYears(start: Date, end: Date): number {
  const months =
    (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth()
  const anchor = new Date(start)
  anchor.setUTCMonth(start.getUTCMonth() + months)
  return (months + (end.getTime() - anchor.getTime()) / averageMonthMs) / 12
}

function problem(field: string, rule: string, text: string): Problem {
  const target = `${at}.${field}`
  return { target, rule, message: `${target} ${text}` }
}

/** The portal's wording (the documented registration rules): "Required field Contract value is missing." */
function required(field: string, label: string): Problem {
  return problem(field, 'required', `is required (Required field ${label} is missing).`)
}

function iso4217(code: string, field: string): Problem | undefined {
  if (taxonomy.currencies.includes(code)) return undefined
  return {
    ...problem(field, 'enum', `'${code}' is not an ISO 4217 currency code.`),
    allowedValues: taxonomy.currencies,
  }
}
