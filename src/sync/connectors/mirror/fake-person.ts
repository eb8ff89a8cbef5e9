// Fakes for a person's details: names and job titles from the sample-data lists, emails at
// `.example` domains, phone numbers with the same punctuation and as many digits. Each is drawn
// from the value it replaces alone (see value-random.ts), so a person found on many referrals gets
// the same fake on all of them, and colleagues sharing a mail domain share a fake one.
import type { Referral } from '../../../client/index.js'
import { companyNames, firstNames, lastNames, titles } from '../../../domain/sandbox/sample-data.js'
import { domainLabel, letters } from '../../../domain/sandbox/sample-referrals.js'
import { pickOther, sameDigits, valueRandom } from './value-random.js'

export type Member = Referral['team'][number]

export function fakeFirstName(seed: string, name: string): string {
  return pickOther(valueRandom(seed, 'firstName', name), firstNames, name)
}

export function fakeLastName(seed: string, name: string): string {
  return pickOther(valueRandom(seed, 'lastName', name), lastNames, name)
}

export function fakeTitle(seed: string, title: string): string {
  return pickOther(valueRandom(seed, 'title', title), titles, title)
}

/**
 * `first.last@<company>.example`, with the person's fake names when the member has both (so the
 * address matches them), else names drawn from the address. Mail addresses ignore case, so
 * `Sue@X.com` and `sue@x.com` fake alike.
 */
export function fakeEmail(seed: string, email: string, fakeNames?: readonly [string, string]): string {
  const address = email.trim().toLowerCase()
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : ''
  const person = valueRandom(seed, 'email', address)
  const [first, last] = fakeNames ?? [person.pick(firstNames), person.pick(lastNames)]
  return `${letters(first)}.${letters(last)}@${fakeMailDomain(seed, domain)}`
}

export function fakeMailDomain(seed: string, domain: string): string {
  return `${domainLabel(valueRandom(seed, 'mailDomain', domain).pick(companyNames))}.example`
}

/** Other digits in the same places; a leading country code (`+1 `, `+44 `) is kept. */
export function fakePhone(seed: string, phone: string): string {
  const countryCode = /^\s*\+\d{1,3}(?=[\s(.-])/.exec(phone)?.[0] ?? ''
  return countryCode + sameDigits(valueRandom(seed, 'phone', phone), phone.slice(countryCode.length))
}
