// Fakes for the customer's organisation: a company name from Microsoft's fictional ones, and an
// address in the same country. Where the sample data knows cities of that country, city, state
// and postal code are replaced together by one of them (and the street by one of its streets), so
// they stay plausible together; elsewhere the city and state are kept (they identify no one alone)
// and the postal code keeps its shape with other digits and letters.
import type { Referral } from '../../../client/index.js'
import type { Random } from '../../../domain/sandbox/random.js'
import { companyNames, linesOfBusiness, places, type Place } from '../../../domain/sandbox/sample-data.js'
import { sameShape, valueRandom } from './value-random.js'

export type Address = Referral['customerProfile']['address']

const secondLines = ['Suite', 'Floor', 'Unit', 'Building'] as const

export function fakeCompanyName(seed: string, name: string): string {
  const random = valueRandom(seed, 'company', name)
  const company = `${random.pick(companyNames)} ${random.pick(linesOfBusiness)}`
  return company.toLowerCase() === name.trim().toLowerCase() ? `${company} Group` : company
}

export function fakeAddress(seed: string, address: Address): Address {
  const locality = valueRandom(seed, 'locality', localityKey(address))
  const place = localPlace(locality, address)
  const street = (place ?? locality.pick(places)).street
  return {
    ...address,
    addressLine1: unlessBlank(address.addressLine1, (line) => {
      return `${valueRandom(seed, 'street', line).int(1, 400)} ${street}`
    }),
    addressLine2: unlessBlank(address.addressLine2, (line) => {
      const random = valueRandom(seed, 'secondLine', line)
      return `${random.pick(secondLines)} ${random.int(1, 40)}`
    }),
    city: place ? unlessBlank(address.city, () => place.city) : address.city,
    state: place ? unlessBlank(address.state, () => place.state) : address.state,
    postalCode: unlessBlank(address.postalCode, (code) => place?.postalCode ?? sameShape(locality, code)),
  }
}

/** Another place of the address's country (a different city when there is one), if the sample data has any. */
function localPlace(random: Random, address: Address): Place | undefined {
  const country = (address.country ?? '').trim().toUpperCase()
  const local = places.filter((place) => place.country === country)
  const city = (address.city ?? '').trim().toLowerCase()
  const elsewhere = local.filter((place) => place.city.toLowerCase() !== city)
  return local.length === 0 ? undefined : random.pick(elsewhere.length > 0 ? elsewhere : local)
}

function localityKey(address: Address): string {
  const parts = [address.city, address.state, address.postalCode, address.country]
  return parts.map((part) => (part ?? '').trim().toLowerCase()).join('|')
}

/** Null and blank text stay as they are: there is nothing personal in them to replace. */
export function unlessBlank(value: string | null, fake: (value: string) => string | null): string | null {
  return value === null || value.trim() === '' ? value : fake(value)
}
