// Realistic sample referrals for a partner: create bodies as a CRM would send them, spread over
// the last 90 days, and for some the later PATCH that closes them Won or Lost. The same seed gives
// the same referrals; referral i depends only on the seed and i, so a larger count extends a
// smaller one.
import { formatUserDateTime } from '../referral/date-time.js'
import type { JsonObject } from '../referral/normalize.js'
import { customerMarketplaceIntents } from '../referral/enums.js'
import { taxonomy } from '../taxonomy/taxonomy.js'
import { seededRandom, type Random } from './random.js'
import * as words from './sample-data.js'

export interface SampleReferral {
  readonly createdAt: Date
  readonly body: JsonObject
  /** A JSON Patch closing the referral, and when; absent for referrals still open. */
  readonly outcome?: { readonly at: Date; readonly operations: JsonObject[] }
}

const day = 86_400_000
const historyDays = 90

/** `count` referrals of the partner organisation named `partnerName`, created before `now`. */
export function sampleReferrals(
  seed: number,
  count: number,
  partnerName: string,
  now: Date,
): SampleReferral[] {
  const catalogue = seededRandom(seed)
  const partnerSide = {
    solutions: partnerSolutions(catalogue, partnerName),
    sellers: sellers(catalogue, `${domainLabel(partnerName) || 'partner'}.example`),
  }
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(mix(seed, i))
    // oldest first, so creation order is time order
    const createdAt = new Date(
      now.getTime() - ((count - i) / count) * historyDays * day + random.int(0, 3_600_000),
    )
    return sampleReferral(random, partnerSide, createdAt < now ? createdAt : now, now)
  })
}

interface PartnerSide {
  readonly solutions: JsonObject[]
  readonly sellers: JsonObject[]
}

function sampleReferral(random: Random, partner: PartnerSide, createdAt: Date, now: Date): SampleReferral {
  const place = random.pick(words.places)
  const company = `${random.pick(words.companyNames)} ${random.pick(words.linesOfBusiness)}`
  const shared = random.chance(0.7)
  const contact = person(random, `${domainLabel(company)}.example`)
  const body: JsonObject = {
    name: `${company} – ${random.pick(words.projects)}`,
    externalReferenceId: `OPP-${random.int(100000, 999999)}`,
    qualification: 'SalesQualified',
    type: shared ? 'Shared' : 'Independent',
    salesStage: random.pick(words.salesStages),
    customerProfile: {
      name: `${company} ${place.legalSuffix}`,
      address: {
        addressLine1: `${random.int(1, 400)} ${place.street}`,
        city: place.city,
        state: place.state,
        postalCode: place.postalCode,
        country: place.country,
      },
      size: random.pick(taxonomy.customerSizes),
      team: [
        {
          ...contact,
          phoneNumber: `${place.phonePrefix} ${random.int(1000000, 9999999)}`,
          title: random.pick(words.titles),
        },
      ],
    },
    consent: {
      consentToToShareInfoWithOthers: true,
      consentToContact: true,
      consentToMicrosoftToContactSpecificPartners: true,
      consentToShareReferralWithMicrosoftSellers: shared,
    },
    details: {
      notes: random.pick(words.notes),
      dealValue: dealValue(random),
      currency: place.currency,
      closingDateTime: formatUserDateTime(midnightAfter(createdAt, random.int(30, 240))),
      requirements: {
        industries: [{ id: random.pick(taxonomy.industries) }],
        products: random.sample(taxonomy.products, random.int(1, 2)).map((id) => ({ id })),
        solutions: random.sample(partner.solutions, random.int(1, 2)),
        additionalRequirements: {
          attributes: [{ type: 'CustomerMarketplaceIntent', id: random.pick(customerMarketplaceIntents) }],
        },
      },
    },
    team: random.sample(partner.sellers, random.int(1, 3)),
  }
  const closeAt = new Date(createdAt.getTime() + random.int(5, 60) * day)
  const roll = random.next()
  if (roll >= 0.3 || closeAt > now) return { createdAt, body }
  const outcome: JsonObject[] =
    roll < 0.18
      ? [replace('/status', 'Closed'), replace('/substatus', 'Won')]
      : [
          replace('/status', 'Closed'),
          replace('/substatus', 'Lost'),
          replace('/statusReason', random.pick(words.lostReasons)),
        ]
  return { createdAt, body, outcome: { at: closeAt, operations: outcome } }
}

/** Six solutions of the partner's catalogue, shared by all its sample referrals. */
function partnerSolutions(random: Random, partnerName: string): JsonObject[] {
  return random.sample(words.workloads, 6).map((workload) => ({
    type: 'Name',
    id: `SOL-${random.int(10000, 99999)}-${String.fromCharCode(...[0, 0, 0].map(() => random.int(65, 90)))}`,
    name: `${partnerName} ${workload}`,
    publisherName: partnerName,
    solutionType: '3P',
  }))
}

/** Eight sellers of the partner; teams are drawn from them, so each seller is on a share of the deals. */
function sellers(random: Random, domain: string): JsonObject[] {
  return Array.from({ length: 8 }, () => person(random, domain))
}

function person(random: Random, domain: string): JsonObject {
  const [firstName, lastName] = [random.pick(words.firstNames), random.pick(words.lastNames)]
  return { firstName, lastName, email: `${letters(firstName)}.${letters(lastName)}@${domain}` }
}

/** Log-uniform between 5,000 and 2,000,000, rounded as a seller would quote it. */
function dealValue(random: Random): number {
  const value = Math.exp(Math.log(5000) + random.next() * (Math.log(2_000_000) - Math.log(5000)))
  const step = value < 50_000 ? 500 : value < 500_000 ? 5000 : 25_000
  return Math.round(value / step) * step
}

function replace(path: string, value: unknown): JsonObject {
  return { op: 'replace', path, value }
}

/** Midnight UTC `days` after `at`: closing dates are whole days. */
function midnightAfter(at: Date, days: number): Date {
  return new Date((Math.floor(at.getTime() / day) + days) * day)
}

function mix(seed: number, i: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  h = Math.imul(h ^ i, 0x85ebca6b) >>> 0
  return (h ^ (h >>> 13)) >>> 0
}

/** `Adventure Works Traders` → `adventure-works-traders`. */
export function domainLabel(text: string): string {
  return plain(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** `Müller` → `muller`. */
export function letters(text: string): string {
  return plain(text).replace(/[^a-z]/g, '')
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}
