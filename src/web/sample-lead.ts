// A lead Microsoft's side sends to the signed-in organisation from the sandbox page: a plausible
// customer, with the counter in its name so several leads tell apart.
import type { ReferralCreate } from '../client/referrals.js'

const customers = [
  'Northwind Traders',
  'Fabrikam Foods',
  'Tailspin Toys',
  'Wide World Importers',
  'Litware Inc',
]

export function sampleLead(n: number, now: number): ReferralCreate {
  const customer = customers[n % customers.length]!
  return {
    name: `${customer} lead ${n}`,
    qualification: 'SalesQualified',
    customerProfile: {
      name: customer,
      address: { addressLine1: '1 Main Street', city: 'Seattle', country: 'US' },
      size: '51to250employees',
      team: [
        {
          firstName: 'Alex',
          lastName: 'Kim',
          email: `alex.kim${n}@customer.example`,
          phoneNumber: '4255550100',
        },
      ],
    },
    consent: { consentToToShareInfoWithOthers: true, consentToContact: true },
    details: {
      notes: 'Customer asked Microsoft for a partner to run a proof of concept.',
      dealValue: 25_000 + (n % 7) * 10_000,
      currency: 'USD',
      closingDateTime: new Date(now + 120 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z',
    },
  }
}
