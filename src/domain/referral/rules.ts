// Named business rules of a referral (the documented Referral, create and taxonomies). Each takes a
// completed referral and returns problems; none throws. They run after normalisation and schema
// validation.
import type { Problem } from '../errors.js'
import { defaultUsdRates, type UsdRates } from '../registration/usd-rates.js'
import { taxonomy } from '../taxonomy/taxonomy.js'
import { customerMarketplaceIntents } from './enums.js'
import { attributeTypes } from './input-leniency.js'
import type { AttributeTag, Member, Referral } from './schema.js'

export interface RuleOptions {
  /** Reject a create whose contact-sharing consents are not true. */
  readonly requireContactConsent: boolean
  /** The portal requires the customer's marketplace intent on create. */
  readonly requireMarketplaceIntent: boolean
  /** USD rates for the deal-registration threshold (the documented registration rules); default usd-rates.json. */
  readonly usdRates?: UsdRates
}

export const defaultRuleOptions: RuleOptions = {
  requireContactConsent: true,
  requireMarketplaceIntent: false,
  usdRates: defaultUsdRates,
}

type Rule = (r: Referral, options: RuleOptions) => Problem[]

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const customerIsIdentified: Rule = (r) => {
  const c = r.customerProfile
  return [
    requiredText(c.name, 'customerProfile.name'),
    requiredText(c.address.addressLine1, 'customerProfile.address.addressLine1'),
    requiredText(c.address.city, 'customerProfile.address.city'),
    requiredText(c.address.country, 'customerProfile.address.country') ??
      oneOf(
        c.address.country,
        taxonomy.countries,
        'customerProfile.address.country',
        'an ISO 3166 alpha-2 country code',
      ),
    emptyOrOneOf(c.size, taxonomy.customerSizes, 'customerProfile.size', 'a customer size'),
  ].filter(isProblem)
}

export const dealIsValued: Rule = (r) => {
  const d = r.details
  const problems = [
    d.dealValue === null ? required('details.dealValue') : undefined,
    typeof d.dealValue === 'number' && d.dealValue < 0
      ? { target: 'details.dealValue', rule: 'minimum', message: 'details.dealValue must be zero or more.' }
      : undefined,
    requiredText(d.currency, 'details.currency') ??
      oneOf(d.currency, taxonomy.currencies, 'details.currency', 'an ISO 4217 currency code'),
    d.closingDateTime === null ? required('details.closingDateTime') : undefined,
  ]
  return problems.filter(isProblem)
}

export const requirementsAreKnown: Rule = (r) => {
  const q = r.details.requirements
  const at = 'details.requirements'
  return [
    ...q.products.map((p, i) => oneOf(p.id, taxonomy.products, `${at}.products[${i}].id`, 'a product')),
    ...q.services.map((s, i) => oneOf(s.id, taxonomy.services, `${at}.services[${i}].id`, 'a service')),
    ...q.industries.map((s, i) =>
      oneOf(s.id, taxonomy.industries, `${at}.industries[${i}].id`, 'an industry'),
    ),
    ...q.solutions.flatMap((s, i) => [
      requiredText(s.id, `${at}.solutions[${i}].id`),
      s.type === 'Category'
        ? oneOf(
            s.id,
            taxonomy.solutionCategories,
            `${at}.solutions[${i}].id`,
            'a solution category (type Category)',
          )
        : undefined,
      s.currency
        ? oneOf(
            s.currency,
            taxonomy.currencies,
            `${at}.solutions[${i}].currency`,
            'an ISO 4217 currency code',
          )
        : undefined,
    ]),
  ].filter(isProblem)
}

export const attributesAreKnown: Rule = (r, options) => {
  const attributes = r.details.requirements.additionalRequirements.attributes
  const at = (i: number) => `details.requirements.additionalRequirements.attributes[${i}]`
  const problems: (Problem | undefined)[] = attributes.map((a, i) => {
    switch (a.type) {
      case 'CustomerMarketplaceIntent':
        return oneOf(a.id, customerMarketplaceIntents, `${at(i)}.id`, 'a CustomerMarketplaceIntent')
      case 'PartnerRole':
        return oneOf(a.id, taxonomy.partnerRoles, `${at(i)}.id`, 'a PartnerRole')
      case 'SolutionArea':
        return oneOf(
          a.id,
          [...new Set(taxonomy.solutionAreaPlays.map((p) => p.solutionArea))],
          `${at(i)}.id`,
          'a SolutionArea',
        )
      default:
        return undefined
    }
  })
  for (const type of attributeTypes) {
    const held = attributes.filter((a) => a.type === type)
    if (held.length > 1) {
      problems.push({
        target: `${at(attributes.indexOf(held[1]!))}.type`,
        rule: 'unique',
        message: `Only one ${type} attribute is allowed.`,
      })
    }
  }
  problems.push(...servicesCoSellProblems(attributes))
  if (options.requireMarketplaceIntent && !attributes.some((a) => a.type === 'CustomerMarketplaceIntent')) {
    problems.push({
      target: 'details.requirements.additionalRequirements.attributes',
      rule: 'required',
      message: 'A CustomerMarketplaceIntent attribute (Yes, No or HaveNotDecided) is required.',
      allowedValues: customerMarketplaceIntents,
    })
  }
  return problems.filter(isProblem)
}

/** Services co-sell needs PartnerRole, SolutionArea and SolutionPlay together, the pair from FY26 (the FY26 area → play table). */
function servicesCoSellProblems(attributes: readonly AttributeTag[]): Problem[] {
  const find = (type: string) => attributes.find((a) => a.type === type)
  const [role, area, play] = [find('PartnerRole'), find('SolutionArea'), find('SolutionPlay')]
  if (!role && !area && !play) return []
  const target = 'details.requirements.additionalRequirements.attributes'
  const held: [string, AttributeTag | undefined][] = [
    ['PartnerRole', role],
    ['SolutionArea', area],
    ['SolutionPlay', play],
  ]
  const missing: Problem[] = held
    .filter(([, attribute]) => !attribute)
    .map(([type]) => ({
      target,
      rule: 'required',
      message: `A Services co-sell referral needs a ${type} attribute too.`,
    }))
  if (
    area &&
    play &&
    !taxonomy.solutionAreaPlays.some((p) => p.solutionArea === area.id && p.solutionPlay === play.id)
  ) {
    const plays = taxonomy.solutionAreaPlays
      .filter((p) => p.solutionArea === area.id)
      .map((p) => p.solutionPlay)
    missing.push({
      target: `${target}[${attributes.indexOf(play)}].id`,
      rule: 'solutionPlay',
      message: `SolutionPlay '${play.id}' does not belong to SolutionArea '${area.id}'${plays.length ? `; allowed: ${plays.join(', ')}` : ''}.`,
      ...(plays.length ? { allowedValues: plays } : {}),
    })
  }
  return missing
}

export const teamsAreReachable: Rule = (r) =>
  [
    ...r.team.map((m, i) => emailProblem(m, `team[${i}].email`)),
    ...r.customerProfile.team.map((m, i) => emailProblem(m, `customerProfile.team[${i}].email`)),
  ].filter(isProblem)

/** Sharing with Microsoft sellers needs something to co-sell: a solution, or Services co-sell attributes (the Salesforce connector guide). */
export const sharedDealHasSolution: Rule = (r) => {
  if (!r.consent.consentToShareReferralWithMicrosoftSellers) return []
  const q = r.details.requirements
  if (q.solutions.length > 0 || q.additionalRequirements.attributes.some((a) => a.type === 'SolutionPlay'))
    return []
  return [
    {
      target: 'details.requirements.solutions',
      rule: 'required',
      message:
        'A referral shared with Microsoft sellers needs at least one solution (or PartnerRole, SolutionArea and SolutionPlay attributes for Services co-sell).',
    },
  ]
}

/** The rules every stored referral satisfies. */
export const referralRules: readonly Rule[] = [
  customerIsIdentified,
  dealIsValued,
  requirementsAreKnown,
  attributesAreKnown,
  teamsAreReachable,
  sharedDealHasSolution,
]

export function checkReferral(r: Referral, options: RuleOptions): Problem[] {
  return referralRules.flatMap((rule) => rule(r, options))
}

/** Consent rules that apply when a referral is created. */
export function checkCreateConsent(r: Referral, options: RuleOptions): Problem[] {
  if (!options.requireContactConsent) return []
  return (['consentToToShareInfoWithOthers', 'consentToContact'] as const)
    .filter((flag) => r.consent[flag] !== true)
    .map((flag) => ({
      target: `consent.${flag}`,
      rule: 'consent',
      message: `consent.${flag} must be true: referrals are not created without consent to share and to contact.`,
      allowedValues: ['true'],
    }))
}

/** Once shared with Microsoft sellers, a referral stays shared (the documented consent rules). */
export function checkSharingKept(before: Referral, after: Referral): Problem[] {
  if (
    !before.consent.consentToShareReferralWithMicrosoftSellers ||
    after.consent.consentToShareReferralWithMicrosoftSellers
  )
    return []
  return [
    {
      target: 'consent.consentToShareReferralWithMicrosoftSellers',
      rule: 'irreversible',
      message:
        'consent.consentToShareReferralWithMicrosoftSellers cannot go back to false once the referral is shared.',
      allowedValues: ['true'],
    },
  ]
}

function emailProblem(m: Member, target: string): Problem | undefined {
  if (typeof m.email !== 'string' || m.email === '' || email.test(m.email)) return undefined
  return { target, rule: 'format', message: `${target} must be an email address such as jane@contoso.com.` }
}

function required(target: string): Problem {
  return { target, rule: 'required', message: `${target} is required.` }
}

// Rules read values the schema may already have rejected; a value of the wrong type is left to
// the schema's own problem rather than reported twice.
function requiredText(value: unknown, target: string): Problem | undefined {
  if (value === null || value === undefined) return required(target)
  return typeof value === 'string' && value.trim() === '' ? required(target) : undefined
}

function oneOf(
  value: unknown,
  allowed: readonly string[],
  target: string,
  what: string,
): Problem | undefined {
  if (typeof value !== 'string' || allowed.includes(value)) return undefined
  const list = allowed.length <= 60 ? `: ${allowed.join(', ')}` : ''
  return {
    target,
    rule: 'enum',
    message: `${target} '${value}' is not ${what}${list ? `; allowed${list}` : ''}.`,
    allowedValues: allowed,
  }
}

function emptyOrOneOf(
  value: string | null,
  allowed: readonly string[],
  target: string,
  what: string,
): Problem | undefined {
  return value === '' ? undefined : oneOf(value, allowed, target, what) // observed: size "" on real records
}

function isProblem(p: Problem | undefined): p is Problem {
  return p !== undefined
}
