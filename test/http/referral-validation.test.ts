// Bad input for every rule of issue 2 item 5. Each rejection is a 400 `invalidRequest` in
// Microsoft's documented error body whose `target` names the field, whose `innerError.details`
// state the rule and the allowed values of every problem at once, and after which nothing was
// stored: no referral created, or the referral unchanged (same eTag, same content).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { absent, copies, edited, type JsonObject } from '../support/body-edit.js'
import { assertInvalidRequest, type ExpectedProblem } from '../support/error-body.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import {
  assertUnchanged,
  createReferral,
  listReferrals,
  patchReferral,
  postReferral,
  putReferral,
  readReferral,
  type JsonPatchOperation,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(async () => {
  await t.close()
})

interface CreateCase {
  readonly name: string
  readonly edits: Readonly<Record<string, unknown>>
  readonly expected: readonly ExpectedProblem[]
  readonly base?: () => JsonObject
}

/** Table runner: each create is refused with the expected problems and stores nothing. */
function createCases(cases: readonly CreateCase[]): void {
  for (const c of cases) {
    test(`create with ${c.name} answers 400 naming ${targets(c.expected)}`, async () => {
      await assertCreateRejected(edited((c.base ?? partnerLedCreate)(), c.edits), c.expected)
    })
  }
}

async function assertCreateRejected(body: unknown, expected: readonly ExpectedProblem[]): Promise<void> {
  const count = (await listReferrals(t.app))['@odata.count']
  assertInvalidRequest(await postReferral(t.app, body), expected)
  assert.equal((await listReferrals(t.app))['@odata.count'], count, 'a rejected create stored a referral')
}

interface PatchCase {
  readonly name: string
  readonly operations: readonly JsonPatchOperation[]
  readonly expected: readonly ExpectedProblem[]
  /** Operations applied (and required to succeed) before the rejected one. */
  readonly setup?: readonly JsonPatchOperation[]
  readonly base?: () => JsonObject
}

function patchCases(cases: readonly PatchCase[]): void {
  for (const c of cases) {
    test(`PATCH ${c.name} answers 400 naming ${targets(c.expected)}; the referral is unchanged`, async () => {
      const id = await referralIn(c.base, c.setup)
      await assertPatchRejected(id, c.operations, c.expected)
    })
  }
}

async function referralIn(base: () => JsonObject = partnerLedCreate, setup?: readonly JsonPatchOperation[]) {
  const { id } = await createReferral(t.app, base())
  if (setup) {
    const res = await patchReferral(t.app, id, setup)
    assert.equal(res.statusCode, 204, `setup PATCH failed: ${res.body}`)
  }
  return id
}

async function assertPatchRejected(
  id: string,
  operations: unknown,
  expected: readonly ExpectedProblem[],
): Promise<void> {
  const { referral: before, etag } = await readReferral(t.app, id)
  assertInvalidRequest(await patchReferral(t.app, id, operations, { 'if-match': etag }), expected)
  await assertUnchanged(t.app, before)
}

const targets = (expected: readonly ExpectedProblem[]) =>
  [...new Set(expected.map((e) => e.target))].join(', ')

// the documented enums and taxonomies
const statuses = ['None', 'New', 'Active', 'Closed']
const substatuses = ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired', 'Error']
const closedSubstatuses = ['Won', 'Lost', 'Declined', 'Expired', 'Error']
const customerSizes = [
  '1to50employees',
  '51to500employees',
  'Morethan500employees',
  '1to9employees',
  '10to50employees',
  '51to250employees',
  '251to1000employees',
  '1001to5000employees',
  '5001to10000employees',
  '10001to20000employees',
  'Morethan20000employees',
]
const partnerRoles = [
  'Adoption and change management',
  'Business strategy',
  'Deployment services',
  'Managed services',
  'Presales envisioning',
  'Proof of concept',
  'Solution design',
  'Transaction',
]
const solutionAreas = ['AI Business Solutions', 'Cloud and AI Platforms', 'Microsoft Unified', 'Security']

const attributes = 'details.requirements.additionalRequirements.attributes'
const servicesCoSell = (role: string, area: string, play: string) => ({
  [attributes]: [
    { type: 'PartnerRole', id: role },
    { type: 'SolutionArea', id: area },
    { type: 'SolutionPlay', id: play },
  ],
})

describe('required fields (the documented create)', () => {
  createCases([
    { name: 'no type', edits: { type: absent }, expected: [{ target: 'type' }] },
    {
      name: 'no customerProfile',
      edits: { customerProfile: absent },
      expected: [{ target: 'customerProfile' }],
    },
    { name: 'no consent', edits: { consent: absent }, expected: [{ target: 'consent' }] },
    { name: 'no details', edits: { details: absent }, expected: [{ target: 'details' }] },
    { name: 'details null', edits: { details: null }, expected: [{ target: 'details' }] },
    {
      name: 'no customer name',
      edits: { 'customerProfile.name': absent },
      expected: [{ target: 'customerProfile.name' }],
    },
    {
      name: 'a blank customer name',
      edits: { 'customerProfile.name': '  ' },
      expected: [{ target: 'customerProfile.name' }],
    },
    {
      name: 'no addressLine1',
      edits: { 'customerProfile.address.addressLine1': absent },
      expected: [{ target: 'customerProfile.address.addressLine1' }],
    },
    {
      name: 'no city',
      edits: { 'customerProfile.address.city': '' },
      expected: [{ target: 'customerProfile.address.city' }],
    },
    {
      name: 'no country',
      edits: { 'customerProfile.address.country': absent },
      expected: [{ target: 'customerProfile.address.country' }],
    },
    {
      name: 'no dealValue',
      edits: { 'details.dealValue': absent },
      expected: [{ target: 'details.dealValue' }],
    },
    {
      name: 'no currency',
      edits: { 'details.currency': absent },
      expected: [{ target: 'details.currency' }],
    },
    {
      name: 'no closingDateTime',
      edits: { 'details.closingDateTime': absent },
      expected: [{ target: 'details.closingDateTime' }],
    },
  ])
})

describe('types and formats', () => {
  createCases([
    {
      name: 'dealValue "lots"',
      edits: { 'details.dealValue': 'lots' },
      expected: [{ target: 'details.dealValue' }],
    },
    {
      name: 'closingDateTime "next week"',
      edits: { 'details.closingDateTime': 'next week' },
      expected: [{ target: 'details.closingDateTime' }],
    },
    {
      name: 'closingDateTime on 30 February',
      edits: { 'details.closingDateTime': '2025-02-30T00:00:00Z' },
      expected: [{ target: 'details.closingDateTime' }],
    },
    {
      name: 'customerProfile a string',
      edits: { customerProfile: 'Contoso' },
      expected: [{ target: 'customerProfile' }],
    },
    { name: 'favorite "maybe"', edits: { favorite: 'maybe' }, expected: [{ target: 'favorite' }] },
  ])

  test('a body that is not a JSON object answers 400 naming the body', async () => {
    await assertCreateRejected([partnerLedCreate()], [{ target: 'body' }])
  })
})

describe('enumerations list their allowed values (the documented enums)', () => {
  createCases([
    {
      name: "type 'Private'",
      edits: { type: 'Private' },
      expected: [{ target: 'type', allowed: ['Shared', 'Independent'] }],
    },
    {
      name: "qualification 'Hot'",
      edits: { qualification: 'Hot' },
      expected: [
        { target: 'qualification', allowed: ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] },
      ],
    },
    {
      name: "assistanceRequestCode 'Help'",
      edits: { 'inviteContext.assistanceRequestCode': 'Help' },
      expected: [
        {
          target: 'inviteContext.assistanceRequestCode',
          allowed: [
            'Unknown',
            'GeneralOrOther',
            'CustomerTechnicalArchitecture',
            'ProofOfConceptOrDemo',
            'QuotesOrLicensing',
            'PostSalesCustomerSuccess',
            'WorkloadSpecificValueProposition',
          ],
        },
      ],
    },
    {
      name: "target type 'Partner'",
      edits: { target: [{ type: 'Partner', id: 'SOL-34104-EBB' }] },
      expected: [
        { target: 'target[0].type', allowed: ['None', 'BusinessProfileLocation', 'SolutionProfile'] },
      ],
    },
    {
      name: "solution type 'Product'",
      edits: { 'details.requirements.solutions.0.type': 'Product' },
      expected: [{ target: 'details.requirements.solutions[0].type', allowed: ['None', 'Category', 'Name'] }],
    },
    {
      name: "customer id profileType 'Vat'",
      edits: { 'customerProfile.ids': [{ profileType: 'Vat', id: 'PT123' }] },
      expected: [{ target: 'customerProfile.ids[0].profileType', allowed: ['Duns', 'External', 'Moodys'] }],
    },
    {
      name: "CustomerMarketplaceIntent 'Maybe'",
      edits: { [attributes]: [{ type: 'CustomerMarketplaceIntent', id: 'Maybe' }] },
      expected: [{ target: `${attributes}[0].id`, allowed: ['Yes', 'No', 'HaveNotDecided'] }],
    },
  ])

  patchCases([
    {
      name: "status 'Open'",
      operations: [replace('/status', 'Open')],
      expected: [{ target: 'status', allowed: statuses }],
    },
    {
      name: "substatus 'Done'",
      operations: [replace('/substatus', 'Done')],
      expected: [{ target: 'substatus', allowed: substatuses }],
    },
  ])
})

describe('taxonomies (the documented taxonomies)', () => {
  createCases([
    {
      name: "product 'Xbox'",
      edits: { 'details.requirements.products': [{ id: 'Azure' }, { id: 'Xbox' }] },
      expected: [
        {
          target: 'details.requirements.products[1].id',
          allowedIncludes: ['Azure', 'DynamicsAX,GP,NAV,SL', 'Yammer'],
        },
      ],
    },
    {
      name: "service 'Catering'",
      edits: { 'details.requirements.services': [{ id: 'Catering' }] },
      expected: [
        {
          target: 'details.requirements.services[0].id',
          allowedIncludes: ['CustomSolution(ISV)', 'ProjectServices'],
        },
      ],
    },
    {
      name: "industry 'Mining'",
      edits: { 'details.requirements.industries': [{ id: 'Mining' }] },
      expected: [
        {
          target: 'details.requirements.industries[0].id',
          allowedIncludes: ['Agriculture, Forestry, & Fishing', 'Retail & Consumer Goods'],
        },
      ],
    },
    {
      name: "solution category 'Teleportation'",
      edits: { 'details.requirements.solutions': [{ type: 'Category', id: 'Teleportation' }] },
      expected: [
        {
          target: 'details.requirements.solutions[0].id',
          allowedIncludes: ['Dynamics365forFieldService', 'WebDevelopment'],
        },
      ],
    },
    {
      name: "customer size 'huge'",
      edits: { 'customerProfile.size': 'huge' },
      expected: [{ target: 'customerProfile.size', allowed: customerSizes }],
    },
    {
      name: "partner role 'Cheerleading'",
      edits: servicesCoSell('Cheerleading', 'Cloud and AI Platforms', 'Migrate and Modernize Your Estate'),
      expected: [{ target: `${attributes}[0].id`, allowed: partnerRoles }],
    },
    {
      name: "solution area 'Gaming'",
      edits: servicesCoSell('Solution design', 'Gaming', 'Migrate and Modernize Your Estate'),
      expected: [{ target: `${attributes}[1].id`, allowed: solutionAreas }],
    },
    {
      name: 'a solution play outside its FY26 area',
      edits: servicesCoSell('Solution design', 'Microsoft Unified', 'Data Security'),
      expected: [
        {
          target: `${attributes}[2].id`,
          allowed: ['Drive Cloud Success through Unified with Enhanced Solutions'],
        },
      ],
    },
    {
      name: 'the singular "…Enhanced Solution" play, which only AI Business Solutions has',
      edits: servicesCoSell(
        'Solution design',
        'Cloud and AI Platforms',
        'Drive Cloud Success through Unified with Enhanced Solution',
      ),
      expected: [
        {
          target: `${attributes}[2].id`,
          allowedIncludes: ['Drive Cloud Success through Unified with Enhanced Solutions'],
        },
      ],
    },
    {
      name: 'a solution area without partner role and play',
      edits: { [attributes]: [{ type: 'SolutionArea', id: 'Security' }] },
      expected: [
        { target: attributes, mentions: 'PartnerRole' },
        { target: attributes, mentions: 'SolutionPlay' },
      ],
    },
  ])

  test('the singular "…Enhanced Solution" play is accepted with AI Business Solutions (the FY26 area → play table)', async () => {
    await createReferral(
      t.app,
      edited(
        partnerLedCreate(),
        servicesCoSell(
          'Transaction',
          'AI Business Solutions',
          'Drive Cloud Success through Unified with Enhanced Solution',
        ),
      ),
    )
  })
})

describe('ISO 4217 currencies and ISO 3166 countries', () => {
  const currencies = ['US$', 'ABC', 'DOLLAR']
  const countries = ['USA', 'ZZ', 'United States']
  createCases([
    ...currencies.map((currency) => ({
      name: `currency '${currency}'`,
      edits: { 'details.currency': currency },
      expected: [{ target: 'details.currency', allowedIncludes: ['USD', 'EUR', 'INR'] }],
    })),
    {
      name: "a solution priced in 'ABC'",
      edits: { 'details.requirements.solutions.0.currency': 'ABC' },
      expected: [{ target: 'details.requirements.solutions[0].currency', allowedIncludes: ['USD'] }],
    },
    ...countries.map((country) => ({
      name: `country '${country}'`,
      edits: { 'customerProfile.address.country': country },
      expected: [{ target: 'customerProfile.address.country', allowedIncludes: ['US', 'PT', 'IN'] }],
    })),
  ])
})

describe('consent rules (the documented consent rules)', () => {
  createCases([
    {
      name: 'consentToToShareInfoWithOthers false',
      edits: { 'consent.ConsentToToShareInfoWithOthers': false },
      expected: [{ target: 'consent.consentToToShareInfoWithOthers' }],
    },
    {
      name: 'consentToContact false',
      edits: { 'consent.ConsentToContact': false },
      expected: [{ target: 'consent.consentToContact' }],
    },
    {
      name: 'both contact consents false',
      edits: { 'consent.ConsentToToShareInfoWithOthers': false, 'consent.ConsentToContact': false },
      expected: [
        { target: 'consent.consentToToShareInfoWithOthers' },
        { target: 'consent.consentToContact' },
      ],
    },
    {
      name: 'sharing with Microsoft sellers but no solution',
      edits: { 'details.requirements.solutions': [] },
      expected: [{ target: 'details.requirements.solutions' }],
    },
  ])

  patchCases([
    {
      name: 'consentToShareReferralWithMicrosoftSellers back to false',
      operations: [replace('/consent/consentToShareReferralWithMicrosoftSellers', false)],
      expected: [{ target: 'consent.consentToShareReferralWithMicrosoftSellers' }],
    },
    {
      name: 'consentToShareReferralWithMicrosoftSellers back to "false" as a string',
      operations: [replace('/consent/consentToShareReferralWithMicrosoftSellers', 'false')],
      expected: [{ target: 'consent.consentToShareReferralWithMicrosoftSellers' }],
    },
  ])

  test('PUT cannot take consentToShareReferralWithMicrosoftSellers back to false either', async () => {
    const id = await referralIn(partnerLedCreate)
    const { referral: before, etag } = await readReferral(t.app, id)
    const body = edited(partnerLedCreate(), { 'consent.consentToShareReferralWithMicrosoftSellers': false })
    assertInvalidRequest(await putReferral(t.app, id, body, { 'if-match': etag }), [
      { target: 'consent.consentToShareReferralWithMicrosoftSellers' },
    ])
    await assertUnchanged(t.app, before)
  })

  test('a Private referral becomes Partner-led by PATCHing only the sharing flag (the documented create)', async () => {
    const id = await referralIn(privateCreate)
    const res = await patchReferral(t.app, id, [
      replace('/consent/consentToShareReferralWithMicrosoftSellers', true),
    ])
    assert.equal(res.statusCode, 204, res.body)
    const { referral } = await readReferral(t.app, id)
    assert.equal(referral.consent.consentToShareReferralWithMicrosoftSellers, true)
    assert.equal(referral.type, 'Shared', 'type follows consent')
  })
})

describe('the 50-solution and 50-member limits', () => {
  const solution = (i: number) => ({ type: 'Name', id: `SOL-${1000 + i}-ABC` })
  const member = (i: number) => ({
    firstName: 'Member',
    lastName: String(i),
    phoneNumber: '0000000001',
    email: `member${i}@contoso.com`,
  })
  createCases([
    {
      name: '51 solutions',
      edits: { 'details.requirements.solutions': copies(51, solution) },
      expected: [{ target: 'details.requirements.solutions' }],
    },
    { name: '51 team members', edits: { team: copies(51, member) }, expected: [{ target: 'team' }] },
    {
      name: '51 customer contacts',
      edits: { 'customerProfile.team': copies(51, member) },
      expected: [{ target: 'customerProfile.team' }],
    },
  ])

  test('exactly 50 solutions, team members and customer contacts are accepted', async () => {
    const r = await createReferral(
      t.app,
      edited(partnerLedCreate(), {
        'details.requirements.solutions': copies(50, solution),
        team: copies(50, member),
        'customerProfile.team': copies(50, member),
      }),
    )
    assert.equal(r.details.requirements.solutions.length, 50)
    assert.equal(r.team.length, 50)
    assert.equal(r.customerProfile.team.length, 50)
  })

  const full = () =>
    edited(partnerLedCreate(), {
      'details.requirements.solutions': copies(50, solution),
      team: copies(50, member),
      'customerProfile.team': copies(50, member),
    })
  patchCases([
    {
      name: 'adding a 51st team member',
      base: full,
      operations: [{ op: 'add', path: '/team/-', value: member(51) }],
      expected: [{ target: 'team' }],
    },
    {
      name: 'adding a 51st customer contact',
      base: full,
      operations: [{ op: 'add', path: '/customerProfile/team/-', value: member(51) }],
      expected: [{ target: 'customerProfile.team' }],
    },
    {
      name: 'adding a 51st solution',
      base: full,
      operations: [{ op: 'add', path: '/details/requirements/solutions/-', value: solution(51) }],
      expected: [{ target: 'details.requirements.solutions' }],
    },
  ])
})

describe('the status/substatus table (docs/lifecycle.md)', () => {
  patchCases([
    {
      name: 'Active → New',
      operations: [replace('/status', 'New'), replace('/substatus', 'Pending')],
      expected: [{ target: 'status', allowed: ['Active', 'Closed'] }],
    },
    {
      name: 'Active → None',
      operations: [replace('/status', 'None'), replace('/substatus', 'None')],
      expected: [{ target: 'status' }],
    },
    {
      name: 'substatus Won while Active',
      operations: [replace('/substatus', 'Won')],
      expected: [{ target: 'substatus', allowed: ['Accepted'] }],
    },
    {
      name: 'status Closed with substatus Accepted',
      operations: [replace('/status', 'Closed')],
      expected: [{ target: 'substatus', allowed: closedSubstatuses }],
    },
    {
      name: 'status Closed with substatus Pending',
      operations: [replace('/status', 'Closed'), replace('/substatus', 'Pending')],
      expected: [{ target: 'substatus', allowed: closedSubstatuses }],
    },
  ])

  createCases([
    {
      name: 'status Closed and substatus Pending',
      edits: { status: 'Closed', substatus: 'Pending' },
      expected: [{ target: 'substatus', allowed: closedSubstatuses }],
    },
    {
      name: 'status Closed and substatus Lost but no statusReason',
      edits: { status: 'Closed', substatus: 'Lost' },
      expected: [{ target: 'statusReason' }],
    },
  ])
})

describe('Closed is terminal (docs/lifecycle.md)', () => {
  const closeAsWon = [replace('/status', 'Closed'), replace('/substatus', 'Won')]
  patchCases([
    {
      name: 'Closed → Active on a won referral',
      setup: closeAsWon,
      operations: [replace('/status', 'Active'), replace('/substatus', 'Accepted')],
      expected: [{ target: 'status' }],
    },
    {
      name: 'Won → Lost on a closed referral',
      setup: closeAsWon,
      operations: [replace('/substatus', 'Lost'), replace('/statusReason', 'Customer chose another vendor')],
      expected: [{ target: 'status' }],
    },
    {
      name: 'new notes on a closed referral',
      setup: closeAsWon,
      operations: [replace('/details/notes', 'One more thing')],
      expected: [{ target: 'status' }],
    },
  ])

  test('PUT cannot change a closed referral', async () => {
    const id = await referralIn(partnerLedCreate, closeAsWon)
    const { referral: before, etag } = await readReferral(t.app, id)
    const body = { ...before, name: 'Renamed after closing' }
    assertInvalidRequest(await putReferral(t.app, id, body, { 'if-match': etag }), [{ target: 'status' }])
    await assertUnchanged(t.app, before)
  })

  test('re-sending the Closed/Won state a referral already has is an idempotent no-op', async () => {
    const id = await referralIn(partnerLedCreate, closeAsWon)
    const res = await patchReferral(t.app, id, closeAsWon)
    assert.equal(res.statusCode, 204, res.body)
    const { referral } = await readReferral(t.app, id)
    assert.deepEqual([referral.status, referral.substatus], ['Closed', 'Won'])
  })
})

describe('statusReason is required for Lost, Declined and Error (docs/lifecycle.md)', () => {
  for (const substatus of ['Lost', 'Declined', 'Error']) {
    patchCases([
      {
        name: `Closed/${substatus} without a statusReason`,
        operations: [replace('/status', 'Closed'), replace('/substatus', substatus)],
        expected: [{ target: 'statusReason' }],
      },
      {
        name: `Closed/${substatus} with a blank statusReason`,
        operations: [
          replace('/status', 'Closed'),
          replace('/substatus', substatus),
          replace('/statusReason', ' '),
        ],
        expected: [{ target: 'statusReason' }],
      },
    ])

    test(`Closed/${substatus} with a statusReason is accepted`, async () => {
      const id = await referralIn()
      const res = await patchReferral(t.app, id, [
        replace('/status', 'Closed'),
        replace('/substatus', substatus),
        replace('/statusReason', 'Customer chose another vendor'),
      ])
      assert.equal(res.statusCode, 204, res.body)
    })
  }
})

describe('fields are read-only after creation (the documented create and PATCH)', () => {
  const readOnly: [string, unknown][] = [
    ['/id', '00000000-0000-0000-0000-000000000001'],
    ['/engagementId', '00000000-0000-0000-0000-0000000000e1'],
    ['/organizationId', '00000000-0000-0000-0000-0000000000a1'],
    ['/organizationName', 'Someone Else'],
    ['/createdDateTime', '2020-01-01T00:00:00Z'],
    ['/updatedDateTime', '2020-01-01T00:00:00Z'],
    ['/acceptedDateTime', '2020-01-01T00:00:00Z'],
    ['/eTag', '"00000000-0000-0100-0000-000000000000"'],
    ['/direction', 'Incoming'],
    ['/mpnId', '1234567'],
    ['/registrationStatus', 'Approved'],
    ['/isSpam', true],
    ['/links', null],
    ['/customerProfile/name', 'Fabrikam'],
    ['/customerProfile/address', { addressLine1: 'Elsewhere 1', city: 'Lisbon', country: 'PT' }],
    ['/customerProfile/address/city', 'Lisbon'],
    ['/customerProfile/ids', [{ profileType: 'External', id: 'CRM-1' }]],
    ['/consent/consentToContact', false],
    ['/consent/consentToToShareInfoWithOthers', false],
    ['/consent/consentToMicrosoftToContactSpecificPartners', false],
    ['/consent', { consentToToShareInfoWithOthers: true, consentToContact: true }],
    ['/customerProfile', { name: 'Fabrikam' }],
    ['/customerProfile/isMatchingComplete', true],
    ['/closedDateTime', '2020-01-01T00:00:00Z'],
    ['/quality', 'High'],
    ['/tags', [{ tag: 'x' }]],
    ['/trackingInfo/microsoftMsxId', '7-ABCDEF'],
  ]
  patchCases(
    readOnly.map(([path, value]) => ({
      name: `replace ${path}`,
      operations: [replace(path, value)],
      expected: [{ target: '[0].path', mentions: path }],
    })),
  )
})

describe('PATCH values of the wrong shape', () => {
  patchCases([
    {
      name: 'replace /details/requirements with a string',
      operations: [replace('/details/requirements', 'x')],
      expected: [{ target: 'details.requirements' }],
    },
    {
      name: 'replace /details/requirements/additionalRequirements with a number',
      operations: [replace('/details/requirements/additionalRequirements', 42)],
      expected: [{ target: 'details.requirements.additionalRequirements' }],
    },
    {
      name: 'replace /team/0/contactPreference with null',
      operations: [replace('/team/0/contactPreference', null)],
      expected: [{ target: 'team[0].contactPreference' }],
    },
  ])

  // A stored referral never holds null where a list or an object belongs (the wire conventions:
  // empty collections are []), so null is either refused naming the field or read as empty; never a
  // 500.
  const nulls: { path: string; target: string }[] = [
    { path: '/team', target: 'team' },
    { path: '/customerProfile/team', target: 'customerProfile.team' },
    { path: '/details/requirements/solutions', target: 'details.requirements.solutions' },
    { path: '/details/requirements/products', target: 'details.requirements.products' },
    {
      path: '/details/requirements/additionalRequirements',
      target: 'details.requirements.additionalRequirements',
    },
    { path: '/details/requirements', target: 'details.requirements' },
  ]
  for (const n of nulls) {
    test(`PATCH replacing ${n.path} with null answers 400 naming ${n.target} or stores it empty, never 500`, async () => {
      const id = await referralIn(privateCreate)
      const { referral: before } = await readReferral(t.app, id)
      const res = await patchReferral(t.app, id, [replace(n.path, null)])
      assert.ok(res.statusCode === 204 || res.statusCode === 400, `answered ${res.statusCode}: ${res.body}`)
      if (res.statusCode === 400) {
        assertInvalidRequest(res, [{ target: n.target }])
        await assertUnchanged(t.app, before)
        return
      }
      const { referral } = await readReferral(t.app, id)
      const stored = n.path
        .slice(1)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], referral)
      assert.ok(
        stored !== null && typeof stored === 'object',
        `${n.path} was stored as ${JSON.stringify(stored)}`,
      )
    })
  }
})

describe('JSON Patch documents (the documented PATCH: replace and add only, all or nothing)', () => {
  patchCases([
    ...['remove', 'move', 'copy', 'test'].map((op) => ({
      name: `op '${op}'`,
      operations: [{ op, path: '/details/notes', value: 'x', from: '/name' }],
      expected: [{ target: '[0].op', allowed: ['replace', 'add'] }],
    })),
    {
      name: 'a path without its leading slash',
      operations: [replace('details/notes', 'x')],
      expected: [{ target: '[0].path' }],
    },
    {
      name: 'a path to no property',
      operations: [replace('/details/colour', 'blue')],
      expected: [{ target: '[0].path', mentions: 'colour' }],
    },
    {
      name: 'an operation without a value',
      operations: [{ op: 'replace', path: '/details/notes' }],
      expected: [{ target: '[0].value' }],
    },
    {
      name: 'a good operation followed by a bad one',
      operations: [replace('/details/notes', 'Applied?'), replace('/details/currency', 'US$')],
      expected: [{ target: 'details.currency', allowedIncludes: ['USD'] }],
    },
  ])

  test('a PATCH body that is an object, not an array, answers 400 naming the body', async () => {
    const id = await referralIn()
    await assertPatchRejected(id, replace('/details/notes', 'x'), [{ target: 'body' }])
  })
})

describe('several problems in one request are all reported', () => {
  test('a create with five problems lists all five', async () => {
    await assertCreateRejected(
      edited(partnerLedCreate(), {
        type: absent,
        'details.currency': 'US$',
        'customerProfile.address.country': 'USA',
        'details.requirements.products': [{ id: 'Xbox' }],
        'customerProfile.size': 'huge',
      }),
      [
        { target: 'type' },
        { target: 'details.currency' },
        { target: 'customerProfile.address.country' },
        { target: 'details.requirements.products[0].id' },
        { target: 'customerProfile.size', allowed: customerSizes },
      ],
    )
  })

  test('a PATCH with four bad operations lists all four', async () => {
    const id = await referralIn()
    await assertPatchRejected(
      id,
      [
        replace('/id', 'x'),
        replace('/details/currency', 'US$'),
        replace('/status', 'Open'),
        { op: 'remove', path: '/details/notes' },
      ],
      [
        { target: '[0].path', mentions: '/id' },
        { target: 'details.currency' },
        { target: 'status', allowed: statuses },
        { target: '[3].op', allowed: ['replace', 'add'] },
      ],
    )
  })

  test('a PUT with three problems lists all three and leaves the referral unchanged', async () => {
    const id = await referralIn()
    const { referral: before, etag } = await readReferral(t.app, id)
    const body = edited(partnerLedCreate(), {
      'details.currency': 'US$',
      'details.dealValue': 'lots',
      'details.requirements.industries': [{ id: 'Mining' }],
    })
    assertInvalidRequest(await putReferral(t.app, id, body, { 'if-match': etag }), [
      { target: 'details.currency' },
      { target: 'details.dealValue' },
      { target: 'details.requirements.industries[0].id' },
    ])
    await assertUnchanged(t.app, before)
  })
})

describe('a valid request after rejected ones', () => {
  test('the documented sample still creates, so the rejections above were about the edits alone', async () => {
    const r: Referral = await createReferral(t.app, partnerLedCreate())
    assert.equal(r.status, 'Active')
  })
})
