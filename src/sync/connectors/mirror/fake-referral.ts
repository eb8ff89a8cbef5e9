// A source referral with its personal data replaced by fakes (see the `fake-*` files); business
// data (status, deal value, currency, dates, solutions, ids of things) is left as it is.
import type { Referral } from '../../../client/index.js'
import { fakeAddress, fakeCompanyName, unlessBlank } from './fake-address.js'
import { fakeEmail, fakeFirstName, fakeLastName, fakePhone, fakeTitle, type Member } from './fake-person.js'
import { fakeNotes, replaceKnown } from './fake-text.js'
import { sameShape, valueRandom } from './value-random.js'

type Fake = (seed: string, value: string) => string

export function fakeReferral(referral: Referral, seed: string): Referral {
  return new ReferralFaker(seed).referral(referral)
}

/** Fakes one referral, remembering each personal value it replaced to find it again in short free text. */
class ReferralFaker {
  private readonly replaced = new Map<string, string>()

  constructor(private readonly seed: string) {}

  referral(r: Referral): Referral {
    const { customerProfile: customer, details, inviteContext } = r
    const faked: Referral = {
      ...r,
      team: r.team.map((member) => this.member(member)),
      customerProfile: {
        ...customer,
        name: this.value(customer.name, fakeCompanyName),
        address: fakeAddress(this.seed, customer.address),
        team: customer.team.map((member) => this.member(member)),
        // a customer's external ids (tax or DUNS numbers) name the customer as surely as its name
        ids: customer.ids.map((id) => ({
          ...id,
          id: sameShape(valueRandom(this.seed, 'customerId', id.id), id.id),
        })),
      },
      details: { ...details, notes: unlessBlank(details.notes, (notes) => fakeNotes(this.seed, notes)) },
      inviteContext: {
        ...inviteContext,
        notes: unlessBlank(inviteContext.notes, (notes) => fakeNotes(this.seed, notes)),
      },
    }
    return { ...faked, name: this.scrub(r.name), statusReason: this.scrub(r.statusReason) }
  }

  private member(m: Member): Member {
    const firstName = this.value(m.firstName, fakeFirstName)
    const lastName = this.value(m.lastName, fakeLastName)
    const names = firstName && lastName ? ([firstName, lastName] as const) : undefined
    return {
      ...m,
      firstName,
      lastName,
      email: this.value(m.email, (seed, email) => fakeEmail(seed, email, names)),
      phoneNumber: this.value(m.phoneNumber, fakePhone),
      title: this.value(m.title, fakeTitle),
    }
  }

  private value(value: string | null, fake: Fake): string | null {
    return unlessBlank(value, (text) => {
      const faked = fake(this.seed, text)
      this.replaced.set(text, faked)
      return faked
    })
  }

  private scrub(text: string | null): string | null {
    return text === null ? null : replaceKnown(text, this.replaced)
  }
}
