// The largest referral a real client plausibly sends: the documented Partner-led sample with every
// list at its limit (50 solutions, team members, customer contacts…) and realistic values in every
// item. The limits (README "Limits") must all accept it, a PUT of it included.
import { maxItems } from '../../src/domain/referral/limits.js'
import { taxonomy } from '../../src/domain/taxonomy/taxonomy.js'
import { copies } from './body-edit.js'
import { partnerLedCreate } from './fixtures.js'

const cycle = <T>(values: readonly T[], i: number): T => values[i % values.length]!

function member(side: string, i: number): Record<string, unknown> {
  return {
    firstName: `${side} first name ${i}`,
    lastName: `${side} last name ${i}`,
    phoneNumber: `+1 (425) 555-${String(1000 + i)} ext. 1234`,
    email: `${side.toLowerCase()}.member.${i}@contoso-enterprises.example.com`,
    title: `Senior ${side} account executive, region ${i}`,
    contactPreference: { locale: 'en-US', disableNotifications: false },
  }
}

export function fullReferral(): Record<string, unknown> {
  const sample = partnerLedCreate() as {
    details: { requirements: Record<string, unknown> } & Record<string, unknown>
    customerProfile: Record<string, unknown>
  } & Record<string, unknown>
  const { list, portal } = maxItems
  const tags = (values: readonly string[]) => copies(list, (i) => ({ id: cycle(values, i) }))
  return {
    ...sample,
    externalReferenceId: 'CRM-OPPORTUNITY-0000000000000000000000000000001',
    campaignId: 'CAMPAIGN-FY26-Q3-0001',
    salesStage: 'Develop',
    team: copies(portal, (i) => member('Partner', i)),
    target: copies(list, (i) => ({ type: 'SolutionProfile', id: `SOL-${10000 + i}-ABC` })),
    customerProfile: {
      ...sample.customerProfile,
      team: copies(portal, (i) => member('Customer', i)),
      ids: copies(list, (i) => ({ profileType: 'External', id: `EXT-${i}-0000000000` })),
    },
    details: {
      ...sample.details,
      notes: 'Customer needs supply-chain visibility across 40 plants. '.repeat(60),
      requirements: {
        ...sample.details.requirements,
        industries: tags(taxonomy.industries),
        products: tags(taxonomy.products),
        services: tags(taxonomy.services),
        solutions: copies(portal, (i) => ({
          type: 'Name',
          id: `SOL-${10000 + i}-ABC`,
          name: `Contoso supply chain solution number ${i}`,
          publisherName: 'Contoso Software Publishing Ltd.',
          solutionType: '3P',
          price: '1000.00',
          currency: 'USD',
          quantity: 10,
        })),
        offers: copies(list, (i) => ({
          type: 'Name',
          id: `OFFER-${i}-0000`,
          name: `Contoso offer ${i}`,
          offerType: '3P',
          publisherName: 'Contoso Software Publishing Ltd.',
        })),
        salesPlays: copies(list, (i) => ({ id: `PLAY-${i}`, name: `Sales play ${i}` })),
        additionalRequirements: {
          iot: {},
          attributes: [
            { type: 'CustomerMarketplaceIntent', id: 'HaveNotDecided' },
            ...copies(list - 1, (i) => ({ type: `PartnerAttribute${i}`, id: `value ${i}` })),
          ],
        },
      },
    },
    inviteContext: { notes: 'Please help with the licensing questions. '.repeat(90) },
  }
}
