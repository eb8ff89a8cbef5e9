// The seeded referrals: row i is a pure function of i (its own PRNG), so a data set can grow from
// 100,000 to 1,000,000 rows and the bench knows every id (`idFor`) and how many rows each
// measured filter must match (`Tally`) without asking the server.
import type { Referral } from '../src/domain/referral/schema.js'
import { formatEtag } from '../src/domain/etag.js'
import { formatServerDateTime } from '../src/domain/referral/date-time.js'

/** The organisation (token `tid`) that owns every seeded referral. */
export const benchTenant = 'b3c0ffee-0000-4000-8000-00000000be7c'

/** The seller whose address the `team/any(...)` filter looks for (one of `sellerCount`). */
export const wantedSeller = 'seller.0042@fabrikam-partners.example'
const sellerCount = 1000

/** How many of the seeded rows each measured filter matches. */
export type Tally = {
  total: number
  activeOutgoing: number
  countryUs: number
  wantedSeller: number
  nameContoso: number
}

export function emptyTally(): Tally {
  return { total: 0, activeOutgoing: 0, countryUs: 0, wantedSeller: 0, nameContoso: 0 }
}

type Rng = () => number

function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function rowRng(i: number, salt: number): Rng {
  return mulberry32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b))
}

function hex(rng: Rng, digits: number): string {
  let out = ''
  while (out.length < digits)
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return out.slice(0, digits)
}

/** A version-4-shaped GUID: random-looking (so inserts land all over the index, as real ids do)
 *  yet unique, because its last group spells the row number. */
export function idFor(i: number, salt = 1): string {
  const rng = rowRng(i, salt)
  const tail = `${salt.toString(16)}${i.toString(16).padStart(11, '0')}`
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-8${hex(rng, 3)}-${tail}`
}

function pick<T>(rng: Rng, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0)
  let roll = rng() * total
  for (const [value, weight] of weighted) {
    roll -= weight
    if (roll < 0) return value
  }
  return weighted[weighted.length - 1]![0]
}

const places = [
  { country: 'US', currency: 'USD', city: 'Redmond', state: 'WA', postalCode: '98052', weight: 40 },
  { country: 'GB', currency: 'GBP', city: 'Reading', state: 'Berkshire', postalCode: 'RG6 1WG', weight: 14 },
  { country: 'DE', currency: 'EUR', city: 'Munich', state: 'BY', postalCode: '80807', weight: 10 },
  { country: 'FR', currency: 'EUR', city: 'Paris', state: 'IDF', postalCode: '92130', weight: 7 },
  { country: 'IN', currency: 'INR', city: 'Hyderabad', state: 'TG', postalCode: '500032', weight: 7 },
  { country: 'JP', currency: 'JPY', city: 'Tokyo', state: 'Tokyo', postalCode: '108-0075', weight: 6 },
  { country: 'CA', currency: 'CAD', city: 'Toronto', state: 'ON', postalCode: 'M5J 2S1', weight: 6 },
  { country: 'AU', currency: 'AUD', city: 'Sydney', state: 'NSW', postalCode: '2113', weight: 5 },
  { country: 'NL', currency: 'EUR', city: 'Amsterdam', state: 'NH', postalCode: '1118 CZ', weight: 3 },
  { country: 'BR', currency: 'BRL', city: 'Sao Paulo', state: 'SP', postalCode: '04711-130', weight: 2 },
] as const

// `Contoso` appears in about one name in twelve; no other company contains it in any case.
const companies = [
  ['Contoso', 8],
  ['Fabrikam', 10],
  ['Northwind Traders', 10],
  ['Adventure Works', 10],
  ['Tailspin Toys', 9],
  ['Wide World Importers', 9],
  ['Litware', 9],
  ['Woodgrove Bank', 9],
  ['Proseware', 9],
  ['Alpine Ski House', 9],
  ['Lamna Healthcare', 8],
] as const
const projects = [
  'Dynamics 365 rollout',
  'Azure migration',
  'Copilot pilot',
  'Data platform',
  'Security uplift',
  'Teams Phone',
]
const firstNames = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena']
const lastNames = ['Ito', 'Khan', 'Lopez', 'Meyer', 'Novak', 'Okafor', 'Park', 'Quinn', 'Rossi', 'Smith']

type State = Pick<Referral, 'status' | 'substatus' | 'statusReason' | 'direction'>
const states: readonly (readonly [State, number])[] = [
  [{ status: 'Active', substatus: 'Accepted', statusReason: null, direction: 'Outgoing' }, 80],
  [{ status: 'Closed', substatus: 'Won', statusReason: null, direction: 'Outgoing' }, 6],
  [
    {
      status: 'Closed',
      substatus: 'Lost',
      statusReason: 'Customer chose another vendor',
      direction: 'Outgoing',
    },
    3,
  ],
  [{ status: 'New', substatus: 'Pending', statusReason: null, direction: 'Incoming' }, 8],
  [{ status: 'New', substatus: 'Received', statusReason: null, direction: 'Incoming' }, 3],
]

function seller(n: number): Referral['team'][number] {
  return {
    firstName: firstNames[n % firstNames.length]!,
    lastName: lastNames[n % lastNames.length]!,
    phoneNumber: `+1425555${String(n).padStart(4, '0')}`,
    email: `seller.${String(n).padStart(4, '0')}@fabrikam-partners.example`,
    title: 'Account Executive',
    contactPreference: { locale: 'en-US', disableNotifications: null },
  }
}

const day = 86_400_000
const newest = Date.parse('2026-06-30T00:00:00Z')
const span = 3 * 365 * day

/** False for referrals seeded Closed, which no PATCH may change any more. */
export function isOpen(i: number): boolean {
  return pick(rowRng(i, stateSalt), states).status !== 'Closed'
}

const stateSalt = 7

/** Referral i of the data set: one of the validated `templates` with its own ids, dates, state,
 *  customer, country, value and team. `tally` counts what the measured filters will match. */
export function referralAt(i: number, templates: readonly Referral[], tally: Tally): Referral {
  const rng = rowRng(i, stateSalt)
  const state = pick(rng, states) // the first draw, as isOpen reads it
  const template = templates[i % templates.length]!
  const place = pick(
    rng,
    places.map((p) => [p, p.weight] as const),
  )
  const company = pick(rng, companies)
  const created = new Date(newest - Math.floor(rng() * span))
  const updated = new Date(Math.min(newest, created.getTime() + Math.floor(rng() * 30 * day)))
  const team = [
    seller(Math.floor(rng() * sellerCount)),
    ...(rng() < 0.3 ? [seller(Math.floor(rng() * sellerCount))] : []),
  ]
  count(tally, state, place.country, company, team)
  return {
    ...template,
    id: idFor(i),
    engagementId: idFor(i, 2),
    name: `${company} - ${projects[i % projects.length]!} #${i}`,
    createdDateTime: formatServerDateTime(created),
    updatedDateTime: formatServerDateTime(updated),
    ...state,
    eTag: formatEtag(hex(rng, 8), updated),
    acceptedDateTime: state.direction === 'Outgoing' ? formatServerDateTime(created) : null,
    closedDateTime: state.status === 'Closed' ? formatServerDateTime(updated) : null,
    customerProfile: {
      ...template.customerProfile,
      name: `${company} ${place.city}`,
      address: { ...template.customerProfile.address, ...placeAddress(place) },
    },
    details: {
      ...template.details,
      dealValue: 1000 * (1 + Math.floor(rng() * 2000)),
      currency: place.currency,
      closingDateTime: `${new Date(created.getTime() + 90 * day).toISOString().slice(0, 19)}Z`,
    },
    team,
    inviteContext: state.direction === 'Incoming' ? incomingContext(template) : template.inviteContext,
  }
}

function placeAddress(place: (typeof places)[number]): Partial<Referral['customerProfile']['address']> {
  return { country: place.country, city: place.city, state: place.state, postalCode: place.postalCode }
}

function incomingContext(template: Referral): Referral['inviteContext'] {
  return { ...template.inviteContext, invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' } }
}

function count(tally: Tally, state: State, country: string, company: string, team: Referral['team']): void {
  tally.total++
  if (state.status === 'Active' && state.direction === 'Outgoing') tally.activeOutgoing++
  if (country === 'US') tally.countryUs++
  if (team.some((member) => member.email === wantedSeller)) tally.wantedSeller++
  if (company.includes('Contoso')) tally.nameContoso++
}
