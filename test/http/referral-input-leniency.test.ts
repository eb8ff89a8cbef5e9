// Input as Microsoft's service accepts it (every leniency of docs/behaviour.md): every
// shape a client written from the docs, the connector or observed payloads may send is accepted and
// stored in the one canonical form the service emits.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { absent, edited, renameKeys, type JsonObject } from '../support/body-edit.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import {
  createReferral,
  itemUrl,
  patchReferral,
  putReferral,
  readReferral,
  send,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

let t: TestApp
let lenient: TestApp // the contact-consent rule switched off, to see which consent spelling wins when the two disagree
before(async () => {
  t = await makeTestApp()
  lenient = await makeTestApp({ rules: { requireContactConsent: false } })
})
after(async () => {
  await t.close()
  await lenient.close()
})

/** The referral without what differs between two creates of the same body. */
function content(r: Referral): Omit<Referral, 'id' | 'engagementId' | 'eTag' | 'links'> {
  const { id: _id, engagementId: _engagementId, eTag: _eTag, links: _links, ...rest } = r
  return rest
}

const attributesPath = 'details.requirements.additionalRequirements.attributes'
const attributesOf = (r: Referral) => r.details.requirements.additionalRequirements.attributes

describe('property names bind case-insensitively', () => {
  const spellings = [
    {
      name: 'PascalCase, as the docs tables spell them',
      rename: (k: string) => k[0]!.toUpperCase() + k.slice(1),
    },
    { name: 'upper case', rename: (k: string) => k.toUpperCase() },
    { name: 'lower case', rename: (k: string) => k.toLowerCase() },
  ]
  for (const spelling of spellings) {
    test(`a create body with every key in ${spelling.name} is stored exactly like the camelCase one`, async () => {
      const camel = await createReferral(t.app, partnerLedCreate())
      const renamed = await createReferral(t.app, renameKeys(partnerLedCreate(), spelling.rename))
      assert.deepEqual(content(renamed), content(camel))
    })
  }

  test('the docs\' "ID" spellings bind to the camelCase wire names', async () => {
    const r = await createReferral(t.app, { ...partnerLedCreate(), ExternalReferenceID: 'CRM-0042' })
    assert.equal(r.externalReferenceId, 'CRM-0042')
    assert.ok(!('ExternalReferenceID' in r))
  })

  test('enum values match in any case and are emitted in their canonical spelling (the wire conventions)', async () => {
    const r = await createReferral(
      t.app,
      edited(partnerLedCreate(), {
        qualification: 'salesqualified',
        type: 'SHARED',
        'details.requirements.solutions.0.type': 'name',
      }),
    )
    assert.equal(r.qualification, 'SalesQualified')
    assert.equal(r.type, 'Shared')
    assert.equal(r.details.requirements.solutions[0]?.type, 'Name')
  })
})

describe('referralType is an alias of type', () => {
  for (const key of ['referralType', 'ReferralType', 'REFERRALTYPE']) {
    test(`a create carrying ${key} instead of type is accepted, and only type is emitted`, async () => {
      const { type, ...body } = partnerLedCreate()
      const r = await createReferral(t.app, { ...body, [key]: type })
      assert.equal(r.type, 'Shared')
      assert.ok(
        !Object.keys(r).some((k) => k.toLowerCase() === 'referraltype'),
        'referralType is never emitted',
      )
    })
  }
})

describe('the consent flag with and without the double "To"', () => {
  test('the corrected spelling consentToShareInfoWithOthers is accepted and emitted with the real typo', async () => {
    const body = edited(privateCreate(), {
      'consent.ConsentToToShareInfoWithOthers': absent,
      'consent.consentToShareInfoWithOthers': true,
    })
    const r = await createReferral(t.app, body)
    assert.equal(r.consent.consentToToShareInfoWithOthers, true)
    assert.ok(!('consentToShareInfoWithOthers' in r.consent))
  })

  for (const [typo, corrected] of [
    [true, false],
    [false, true],
  ] as const) {
    test(`with both spellings present the typo wins (typo ${typo}, corrected ${corrected})`, async () => {
      const body = edited(privateCreate(), {
        'consent.ConsentToToShareInfoWithOthers': absent,
        'consent.consentToToShareInfoWithOthers': typo,
        'consent.consentToShareInfoWithOthers': corrected,
      })
      const r = await createReferral(lenient.app, body)
      assert.equal(r.consent.consentToToShareInfoWithOthers, typo)
    })
  }
})

describe('customer ids in every documented shape', () => {
  const cases: { name: string; ids: unknown; expected: { profileType: string; id: string }[] }[] = [
    { name: 'the empty object {}', ids: {}, expected: [] },
    { name: 'the empty array', ids: [], expected: [] },
    { name: 'null', ids: null, expected: [] },
    {
      name: 'the 2018 object {"duns": "1234567"}',
      ids: { duns: '1234567' },
      expected: [{ profileType: 'Duns', id: '1234567' }],
    },
    {
      name: 'an object with Duns, External and Moodys, empty members dropped',
      ids: { Duns: '1234567', External: 'CRM-42', moodys: 'M-9', unused: '' },
      expected: [
        { profileType: 'Duns', id: '1234567' },
        { profileType: 'External', id: 'CRM-42' },
        { profileType: 'Moodys', id: 'M-9' },
      ],
    },
    {
      name: 'an object whose only member is empty',
      ids: { duns: '', external: 'CRM-7' },
      expected: [{ profileType: 'External', id: 'CRM-7' }],
    },
    {
      name: 'an object with keys named like Object.prototype members, which are ignored',
      ids: { constructor: 'C-1', toString: 'T-1', duns: '1234567' },
      expected: [{ profileType: 'Duns', id: '1234567' }],
    },
    {
      name: 'the array form with profileType in any case',
      ids: [
        { profileType: 'duns', id: '1234567' },
        { ProfileType: 'EXTERNAL', Id: 'CRM-42' },
      ],
      expected: [
        { profileType: 'Duns', id: '1234567' },
        { profileType: 'External', id: 'CRM-42' },
      ],
    },
  ]
  for (const c of cases) {
    test(`customerProfile.ids as ${c.name} is stored as the array of {profileType, id}`, async () => {
      const r = await createReferral(t.app, edited(partnerLedCreate(), { 'customerProfile.ids': c.ids }))
      const byType = (a: { profileType: string }, b: { profileType: string }) =>
        a.profileType.localeCompare(b.profileType)
      assert.deepEqual([...r.customerProfile.ids].sort(byType), [...c.expected].sort(byType))
    })
  }
})

describe('a lone team object is a list of one', () => {
  const member = {
    firstName: 'Jane',
    lastName: 'Doe',
    phoneNumber: '0000000001',
    email: 'jane.doe@contoso.com',
  }
  for (const path of ['team', 'customerProfile.team']) {
    test(`${path} sent as one object is stored as an array holding it`, async () => {
      const r = await createReferral(t.app, edited(partnerLedCreate(), { [path]: member }))
      const team = path === 'team' ? r.team : r.customerProfile.team
      assert.equal(team.length, 1)
      assert.deepEqual(
        team.map((m) => [m.firstName, m.lastName, m.phoneNumber, m.email]),
        [['Jane', 'Doe', '0000000001', 'jane.doe@contoso.com']],
      )
    })
  }
})

describe('numbers and booleans sent as strings', () => {
  test('numeric and boolean strings are stored and emitted as JSON numbers and booleans', async () => {
    const body = edited(partnerLedCreate(), {
      'details.dealValue': '1234.5',
      'consent.ConsentToToShareInfoWithOthers': 'true',
      'consent.ConsentToContact': 'True',
      'consent.consentToShareReferralWithMicrosoftSellers': 'true',
      favorite: 'false',
      'details.requirements.solutions.0.quantity': '3',
      'details.customerRequestedContact': 'FALSE',
    })
    const r = await createReferral(t.app, body)
    assert.equal(r.details.dealValue, 1234.5)
    assert.equal(r.consent.consentToToShareInfoWithOthers, true)
    assert.equal(r.consent.consentToContact, true)
    assert.equal(r.consent.consentToShareReferralWithMicrosoftSellers, true)
    assert.equal(r.type, 'Shared')
    assert.equal(r.favorite, false)
    assert.equal(r.details.requirements.solutions[0]?.quantity, 3)
    assert.equal(r.details.customerRequestedContact, false)
  })
})

describe('solutionType and offerType holding the SolutionType enum', () => {
  const cases = [
    {
      name: 'a solution whose solutionType is Category',
      list: 'solutions',
      item: { id: 'Dynamics365forFieldService', solutionType: 'Category' },
      moved: 'solutionType',
      type: 'Category',
    },
    {
      name: 'an offer whose offerType is Name',
      list: 'offers',
      item: { id: 'contoso.ale-offer', offerType: 'Name' },
      moved: 'offerType',
      type: 'Name',
    },
  ] as const
  for (const c of cases) {
    test(`${c.name}, with no type, is stored as type ${c.type}`, async () => {
      const r = await createReferral(
        t.app,
        edited(partnerLedCreate(), { [`details.requirements.${c.list}`]: [c.item] }),
      )
      const stored = r.details.requirements[c.list][0] as unknown as JsonObject
      assert.equal(stored.type, c.type)
      assert.equal(stored[c.moved], null)
    })
  }

  test('solutionType 1P/3P/SA stays a string beside an explicit type', async () => {
    const r = await createReferral(t.app, partnerLedCreate())
    const solution = r.details.requirements.solutions[0]
    assert.equal(solution?.type, 'Name')
    assert.equal(solution?.solutionType, '3P')
  })
})

describe('customerMarketplaceIntent at the top level', () => {
  const cases = [
    { sent: 'Yes', stored: 'Yes' },
    { sent: 'no', stored: 'No' },
    { sent: 'HaveNotDecided', stored: 'HaveNotDecided' },
    { sent: 'Have not decided', stored: 'HaveNotDecided' },
  ]
  for (const c of cases) {
    test(`a top-level customerMarketplaceIntent '${c.sent}' moves into the attributes as ${c.stored}`, async () => {
      const body = edited(partnerLedCreate(), { [attributesPath]: absent, customerMarketplaceIntent: c.sent })
      const r = await createReferral(t.app, body)
      assert.deepEqual(
        attributesOf(r).map((a) => [a.type, a.id]),
        [['CustomerMarketplaceIntent', c.stored]],
      )
      assert.ok(!Object.keys(r).some((k) => k.toLowerCase() === 'customermarketplaceintent'))
    })
  }

  test('the CSV spelling "Have not decided" is accepted inside the attributes too', async () => {
    const body = edited(partnerLedCreate(), {
      [attributesPath]: [{ type: 'customerMarketplaceIntent', id: 'Have not decided' }],
    })
    const r = await createReferral(t.app, body)
    assert.deepEqual(
      attributesOf(r).map((a) => [a.type, a.id]),
      [['CustomerMarketplaceIntent', 'HaveNotDecided']],
    )
  })
})

describe('Services co-sell attributes', () => {
  const expected = [
    ['PartnerRole', 'Solution design'],
    ['SolutionArea', 'Cloud and AI Platforms'],
    ['SolutionPlay', 'Migrate and Modernize Your Estate'],
  ]
  const sorted = (pairs: string[][]) => [...pairs].sort((a, b) => a[0]!.localeCompare(b[0]!))

  test('partnerRole, solutionArea and solutionPlay properties on additionalRequirements become attributes', async () => {
    const body = edited(partnerLedCreate(), {
      [attributesPath]: absent,
      'details.requirements.additionalRequirements.partnerRole': 'Solution design',
      'details.requirements.additionalRequirements.solutionArea': 'Cloud and AI Platforms',
      'details.requirements.additionalRequirements.solutionPlay': 'Migrate and Modernize Your Estate',
    })
    const r = await createReferral(t.app, body)
    assert.deepEqual(sorted(attributesOf(r).map((a) => [a.type, a.id])), sorted(expected))
    const additional = r.details.requirements.additionalRequirements as unknown as JsonObject
    for (const key of ['partnerRole', 'solutionArea', 'solutionPlay']) assert.ok(!(key in additional))
  })

  test('the same values sent as attribute entries are stored unchanged', async () => {
    const body = edited(partnerLedCreate(), {
      [attributesPath]: expected.map(([type, id]) => ({ type, id })),
    })
    const r = await createReferral(t.app, body)
    assert.deepEqual(sorted(attributesOf(r).map((a) => [a.type, a.id])), sorted(expected))
  })
})

describe('dates are echoed in UTC, whole seconds', () => {
  const cases = [
    { sent: '2024-11-14', stored: '2024-11-14T00:00:00Z' },
    { sent: '2024-11-14T00:00:00.0000000Z', stored: '2024-11-14T00:00:00Z' },
    { sent: '2024-11-14T02:30:00+02:00', stored: '2024-11-14T00:30:00Z' },
  ]
  for (const c of cases) {
    test(`closingDateTime '${c.sent}' is stored as '${c.stored}'`, async () => {
      const r = await createReferral(t.app, edited(partnerLedCreate(), { 'details.closingDateTime': c.sent }))
      assert.equal(r.details.closingDateTime, c.stored)
    })
  }
})

describe('lastRunId of any shape is accepted and ignored', () => {
  const shapes: [string, unknown][] = [
    ["a wrapper's System.Text.Json artefact", { ValueKind: 1 }],
    ['a string', 'run-42'],
    ['a number', 42],
    ['a list', [1, 'two', { three: 3 }]],
  ]
  for (const [name, value] of shapes) {
    test(`a create whose lastRunId is ${name} answers 200 and emits lastRunId null`, async () => {
      const r = await createReferral(t.app, { ...partnerLedCreate(), lastRunId: value })
      assert.equal(r.lastRunId, null)
    })
  }
})

describe('server fields and links in a body are ignored', () => {
  const serverFields = {
    id: '49d90c72-3326-4f61-aacc-2cb57970448c',
    organizationId: '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d',
    organizationName: 'Contoso Company',
    createdDateTime: '2018-11-06T18:40:42.6178337Z',
    updatedDateTime: '2018-11-06T18:43:38.9948636Z',
    acceptedDateTime: '2018-11-06T18:40:42.6178337Z',
    eTag: '"2500ec5a-0000-0000-0000-5bf4967d0000"',
    direction: 'Incoming',
    mpnId: '4863040',
    registrationStatus: 'Approved',
    isSpam: true,
    quality: 'High',
    tags: [{ tag: 'imported' }],
    '@odata.context': 'https://api.partner.microsoft.com/v1.0/$metadata#Referrals/$entity',
    links: {
      self: { uri: 'https://api.partner.microsoft.com/v1.0/engagments/referrals/49d90c72', method: 'GET' },
    },
  }

  test('a create carrying id, timestamps, eTag, links and other server fields answers 200 with the server values', async () => {
    const r = await createReferral(t.app, { ...partnerLedCreate(), ...serverFields })
    assert.notEqual(r.id, serverFields.id)
    assert.equal(r.organizationId, tenantA)
    assert.notEqual(r.organizationName, serverFields.organizationName)
    assert.equal(r.createdDateTime, '2026-03-01T10:00:00.0000000Z')
    assert.equal(r.acceptedDateTime, r.createdDateTime)
    assert.notEqual(r.eTag, serverFields.eTag)
    assert.equal(r.direction, 'Outgoing')
    assert.notEqual(r.mpnId, serverFields.mpnId)
    assert.equal(r.registrationStatus, 'None')
    assert.equal(r.isSpam, false)
    assert.equal(r.quality, 'Unknown')
    assert.deepEqual(r.tags, [])
    assert.ok(!('@odata.context' in r))
    assert.ok(r.links?.self.uri.endsWith(`/v1.0/engagements/referrals/${r.id}`))
  })

  test("a PUT of the body a GET returned, links and @odata.context included, answers 200 (Microsoft's sample flow)", async () => {
    const created = await createReferral(t.app, partnerLedCreate())
    const { referral, etag } = await readReferral(t.app, created.id)
    const res = await putReferral(
      t.app,
      created.id,
      { ...referral, name: 'Renamed deal' },
      { 'if-match': etag },
    )
    assert.equal(res.statusCode, 200, res.body)
    const r = res.json<Referral>()
    assert.equal(r.name, 'Renamed deal')
    assert.equal(r.id, created.id)
    assert.equal(r.createdDateTime, created.createdDateTime)
  })

  test('a PUT changing fields read-only after creation answers 200 and keeps the stored values (the documented PUT)', async () => {
    const created = await createReferral(t.app, partnerLedCreate())
    const { etag } = await readReferral(t.app, created.id)
    const body = edited(partnerLedCreate(), {
      'customerProfile.name': 'Fabrikam',
      'customerProfile.address.city': 'Lisbon',
      'customerProfile.ids': [{ profileType: 'External', id: 'CRM-1' }],
      'consent.ConsentToMicrosoftToContactSpecificPartners': false,
      'details.notes': 'Changed through PUT',
    })
    const res = await putReferral(t.app, created.id, body, { 'if-match': etag })
    assert.equal(res.statusCode, 200, res.body)
    const r = res.json<Referral>()
    assert.equal(r.details.notes, 'Changed through PUT')
    assert.deepEqual(r.customerProfile, created.customerProfile)
    assert.deepEqual(r.consent, created.consent)
  })

  test('a PUT carrying another id, organisation and timestamps keeps the stored server values', async () => {
    const created = await createReferral(t.app, partnerLedCreate())
    const { etag } = await readReferral(t.app, created.id)
    const res = await putReferral(
      t.app,
      created.id,
      { ...partnerLedCreate(), ...serverFields },
      { 'if-match': etag },
    )
    assert.equal(res.statusCode, 200, res.body)
    const r = res.json<Referral>()
    assert.equal(r.id, created.id)
    assert.equal(r.organizationId, created.organizationId)
    assert.equal(r.createdDateTime, created.createdDateTime)
    assert.equal(r.direction, 'Outgoing')
    assert.equal(r.registrationStatus, 'None')
    assert.equal(r.isSpam, false)
    const stored = await send(t.app, 'GET', itemUrl(created.id))
    assert.equal(stored.json<Referral>().eTag, r.eTag)
  })
})

describe('JSON Patch documents bind case-insensitively too', () => {
  test('op Replace and path /Details/DealValue update details.dealValue', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const res = await patchReferral(t.app, id, [
      { OP: 'Replace', Path: '/Details/DealValue', Value: '64000' },
    ])
    assert.equal(res.statusCode, 204, res.body)
    const { referral } = await readReferral(t.app, id)
    assert.equal(referral.details.dealValue, 64000)
  })

  test('a lone member replacing /team is stored as a list of one', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const member = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@contoso.com' }
    const res = await patchReferral(t.app, id, [replace('/team', member)])
    assert.equal(res.statusCode, 204, res.body)
    const { referral } = await readReferral(t.app, id)
    assert.deepEqual(
      referral.team.map((m) => m.email),
      ['jane.doe@contoso.com'],
    )
  })
})
