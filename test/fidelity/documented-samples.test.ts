// Microsoft's documented requests, sent unchanged: the Private and Partner-led creates (Microsoft
// Learn), the documented PATCH samples and the obsolete PUT sample (Microsoft Learn, trailing comma
// and all). Every referral that comes back must satisfy the connector's Referral schema and look on
// the wire like a real Microsoft response (the documented Referral,
// 36).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import {
  createReferral,
  itemUrl,
  patchReferral,
  postReferral,
  putReferral,
  readReferral,
  send,
  type JsonPatchOperation,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { connectorListSchemaErrors, connectorSchemaErrors } from './connector-schema.js'
import { assertFaithfulReferral, assertRealLinks, observedKeyOrder, serverTimestamp } from './wire-form.js'

const putSample = readFileSync(new URL('../fixtures/put-sample.txt', import.meta.url), 'utf8')

let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(async () => {
  await t.close()
})

describe('the documented create samples (Microsoft Learn)', () => {
  const samples = [
    { name: 'Private', body: privateCreate, type: 'Independent', shared: false },
    { name: 'Partner-led', body: partnerLedCreate, type: 'Shared', shared: true },
  ] as const

  for (const sample of samples) {
    test(`the ${sample.name} create answers 200 with a referral the connector schema accepts, in the observed wire form`, async () => {
      const res = await postReferral(t.app, sample.body())
      assert.equal(res.statusCode, 200, `create must answer 200: ${res.body}`)
      const r = assertFaithfulReferral(res)
      assert.equal(r.name, sample.body().name)
      assert.equal(r.consent.consentToToShareInfoWithOthers, true)
      assert.equal(r.consent.consentToShareReferralWithMicrosoftSellers, sample.shared)
      assert.equal(r.type, sample.type, 'type is derived from consent')
      assert.equal(r.details.closingDateTime, '2024-11-14T00:00:00Z')
      assert.equal(r.details.dealValue, 50000)
      assert.equal(r.createdDateTime, '2026-03-01T10:00:00.0000000Z', 'server time from the clock, 7 digits')
    })
  }

  test('a partner-created referral is Active/Accepted, Outgoing and accepted at creation', async () => {
    // the docs' create sample sends New/Pending, and Microsoft's response shows Active/Accepted
    const r = await createReferral(t.app, { ...privateCreate(), status: 'New', substatus: 'Pending' })
    assert.equal(r.status, 'Active')
    assert.equal(r.substatus, 'Accepted')
    assert.equal(r.direction, 'Outgoing')
    assert.equal(r.acceptedDateTime, r.createdDateTime)
    assert.equal(r.updatedDateTime, r.createdDateTime)
    assert.equal(r.closedDateTime, null)
    assert.equal(r.expirationDateTime, null)
  })

  test('a create already Closed/Won is honoured, closed and accepted at creation', async () => {
    const r = await createReferral(t.app, { ...privateCreate(), status: 'Closed', substatus: 'Won' })
    assert.deepEqual([r.status, r.substatus], ['Closed', 'Won'])
    assert.equal(r.closedDateTime, r.createdDateTime)
    assert.equal(r.acceptedDateTime, r.createdDateTime)
  })

  test('the create samples carry every server-set field', async () => {
    const r = await createReferral(t.app, partnerLedCreate())
    assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.match(r.engagementId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.notEqual(r.engagementId, r.id)
    assert.equal(typeof r.organizationId, 'string')
    assert.ok(r.organizationName.length > 0)
    assert.match(String(r.mpnId), /^\d+$/)
    assert.equal(r.registrationStatus, 'None')
    assert.deepEqual(r.registrations, [])
    assert.equal(r.quality, 'Unknown')
    assert.equal(r.isSpam, false)
    assert.equal(r.dealSensitivity, 'None')
    assert.deepEqual(r.tags, [])
    assert.deepEqual(Object.keys(r.trackingInfo), [
      'microsoftMsxId',
      'microsoftUSFedOpportunityId',
      'microsoftUSFedLeadId',
      'migratedPSCDealId',
      'migratedPSCPartnerDealId',
    ])
  })
})

describe('GET by id', () => {
  test('answers the created referral with @odata.context …/v1.0/$metadata#Referrals/$entity first', async () => {
    const created = await createReferral(t.app, privateCreate())
    const res = await send(t.app, 'GET', itemUrl(created.id))
    assert.equal(res.statusCode, 200)
    const r = assertFaithfulReferral(res, ['@odata.context', ...observedKeyOrder])
    const context = (r as Referral & { '@odata.context': string })['@odata.context']
    assert.match(context, /^https?:\/\/[^/]+\/v1\.0\/\$metadata#Referrals\/\$entity$/)
    const { '@odata.context': _context, ...stored } = res.json<Referral & { '@odata.context': string }>()
    assert.deepEqual(stored, created)
  })
})

describe('GET list', () => {
  test("the list answer satisfies the connector's GET /referrals schema, each referral in the observed wire form", async () => {
    const app = await makeTestApp()
    try {
      const created = [
        await createReferral(app.app, privateCreate()),
        await createReferral(app.app, partnerLedCreate()),
      ]
      const res = await send(app.app, 'GET', '/v1.0/engagements/referrals')
      assert.equal(res.statusCode, 200)
      const list = res.json<{ '@odata.count': number; value: Referral[] }>()
      assert.deepEqual(connectorListSchemaErrors(list), [])
      assert.equal(list['@odata.count'], 2)
      assert.deepEqual(list.value.map((r) => r.id).sort(), created.map((r) => r.id).sort())
      for (const r of list.value) {
        assert.deepEqual(Object.keys(r), observedKeyOrder)
        assertRealLinks(r)
      }
    } finally {
      await app.close()
    }
  })
})

describe('the documented PATCH samples (the documented PATCH)', () => {
  const samples: {
    name: string
    operations: JsonPatchOperation[]
    check: (r: Referral) => void
  }[] = [
    {
      name: 'replace dealValue sent as the string "10000", and the notes',
      operations: [
        replace('/details/dealValue', '10000'),
        replace('/details/notes', 'Customer asked for a revised quote.'),
      ],
      check: (r) => {
        assert.equal(r.details.dealValue, 10000, 'a numeric string is stored and emitted as a number')
        assert.equal(r.details.notes, 'Customer asked for a revised quote.')
      },
    },
    {
      name: 'replace status with Closed and substatus with Won',
      operations: [replace('/status', 'Closed'), replace('/substatus', 'Won')],
      check: (r) => {
        assert.equal(r.status, 'Closed')
        assert.equal(r.substatus, 'Won')
        assert.match(String(r.closedDateTime), serverTimestamp)
      },
    },
    {
      name: 'add a member at /team/-',
      operations: [
        {
          op: 'add',
          path: '/team/-',
          value: {
            email: 'jane.doe@contoso.com',
            firstName: 'Jane',
            lastName: 'Doe',
            phoneNumber: '0000000001',
          },
        },
      ],
      check: (r) => {
        assert.equal(r.team.length, 2)
        assert.equal(r.team[0]?.firstName, 'John')
        const jane = r.team[1]
        assert.deepEqual(jane && [jane.firstName, jane.lastName, jane.email, jane.phoneNumber], [
          'Jane',
          'Doe',
          'jane.doe@contoso.com',
          '0000000001',
        ])
      },
    },
  ]

  for (const sample of samples) {
    test(`${sample.name}: 204 with an empty body, then GET shows the change in the connector's schema`, async () => {
      const created = await createReferral(t.app, partnerLedCreate())
      const res = await patchReferral(t.app, created.id, sample.operations)
      assert.equal(res.statusCode, 204, res.body)
      assert.equal(res.body, '')
      const after = await send(t.app, 'GET', itemUrl(created.id))
      const r = assertFaithfulReferral(after, ['@odata.context', ...observedKeyOrder])
      sample.check(r)
      assert.notEqual(r.eTag, created.eTag, 'every write mints a new eTag')
      assert.equal(r.createdDateTime, created.createdDateTime)
    })

    test(`${sample.name} with Prefer: return=representation: 200 with the updated referral`, async () => {
      const created = await createReferral(t.app, partnerLedCreate())
      const res = await patchReferral(t.app, created.id, sample.operations, {
        prefer: 'return=representation',
      })
      assert.equal(res.statusCode, 200, res.body)
      const r = assertFaithfulReferral(res)
      sample.check(r)
      assert.equal(r.id, created.id)
      const { referral } = await readReferral(t.app, created.id)
      assert.equal(referral.eTag, r.eTag)
    })
  }
})

describe('the documented PUT sample (Microsoft Learn)', () => {
  test('PUT of the sample text, trailing comma included, with If-Match answers 200 with the updated referral', async () => {
    const created = await createReferral(t.app, privateCreate())
    const { etag } = await readReferral(t.app, created.id)
    const res = await putReferral(t.app, created.id, putSample, { 'if-match': etag })
    assert.equal(res.statusCode, 200, res.body)
    const r = assertFaithfulReferral(res)
    // the sample's own id, engagementId, timestamps and eTag are server fields: ignored (decision
    // 31)
    assert.equal(r.id, created.id)
    assert.equal(r.engagementId, created.engagementId)
    assert.equal(r.createdDateTime, created.createdDateTime)
    assert.notEqual(r.eTag, created.eTag)
    assert.notEqual(r.eTag, '"2500ec5a-0000-0000-0000-5bf4967d0000"')
    assert.equal(r.status, 'Closed')
    assert.equal(r.substatus, 'Won')
    assert.equal(r.statusReason, 'Customer engagement was a success!')
    assert.equal(r.type, 'Independent', 'still not shared with Microsoft sellers')
    assert.equal(r.direction, 'Outgoing')
    assert.deepEqual(
      r.details.requirements.solutions.map((s) => [s.id, s.type]),
      [['Dynamics365forFieldService', 'Category']],
    )
    assert.deepEqual(
      r.customerProfile.team.map((m) => m.email),
      ['sue.smith@contoso.com', 'joe.hansen@contoso.com'],
    )
    assert.equal(r.team[0]?.contactPreference.locale, 'en-us')
    const stored = await readReferral(t.app, created.id)
    assert.equal(stored.referral.eTag, r.eTag)
  })
})

describe('the converted connector schema', () => {
  test('accepts written-out nulls but still rejects values of the wrong type', async () => {
    const r = await createReferral(t.app, privateCreate())
    assert.deepEqual(connectorSchemaErrors({ ...r, statusReason: null, salesStage: null }), [])
    assert.notDeepEqual(connectorSchemaErrors({ ...r, details: { ...r.details, dealValue: '10000' } }), [])
    assert.notDeepEqual(connectorSchemaErrors({ ...r, team: { firstName: 'Jane' } }), [])
    assert.notDeepEqual(connectorSchemaErrors({ ...r, salesStage: 'Negotiate' }), [])
    assert.notDeepEqual(connectorListSchemaErrors({ '@odata.count': '1', value: [r] }), [])
    assert.notDeepEqual(
      connectorListSchemaErrors({ '@odata.count': 1, value: [{ ...r, favorite: 'no' }] }),
      [],
    )
  })
})

describe('configuration that shapes the wire ', () => {
  test('with createStatus 201 a create answers 201 with the same referral', async () => {
    const app = await makeTestApp({ createStatus: 201 })
    try {
      const res = await postReferral(app.app, partnerLedCreate())
      assert.equal(res.statusCode, 201, res.body)
      assertFaithfulReferral(res)
    } finally {
      await app.close()
    }
  })

  test('links and @odata.context are built on the configured public URL', async () => {
    const app = await makeTestApp({ publicUrl: 'https://cosell.example.com' })
    try {
      const created = await createReferral(app.app, partnerLedCreate())
      const { referral } = await readReferral(app.app, created.id)
      assert.equal(referral['@odata.context'], 'https://cosell.example.com/v1.0/$metadata#Referrals/$entity')
      assert.equal(
        referral.links?.self.uri,
        `https://cosell.example.com/v1.0/engagements/referrals/${created.id}`,
      )
      assert.equal(
        referral.links?.relatedReferrals.uri,
        `https://cosell.example.com/v1.0/engagements/referrals?$filter=engagementId eq ${created.engagementId}`,
      )
      const list = await send(app.app, 'GET', '/v1.0/engagements/referrals')
      assert.equal(
        list.json<{ '@odata.context': string }>()['@odata.context'],
        'https://cosell.example.com/v1.0/$metadata#Referrals',
      )
    } finally {
      await app.close()
    }
  })

  test('without a public URL, links are built on the host the request came to', async () => {
    const created = await createReferral(t.app, partnerLedCreate())
    const res = await send(t.app, 'GET', itemUrl(created.id), { headers: { host: 'cosell.internal:8080' } })
    const r = res.json<Referral & { '@odata.context': string }>()
    assert.match(
      r['@odata.context'],
      /^https?:\/\/cosell\.internal:8080\/v1\.0\/\$metadata#Referrals\/\$entity$/,
    )
    assert.match(
      String(r.links?.self.uri),
      new RegExp(`^https?://cosell\\.internal:8080/v1\\.0/engagements/referrals/${created.id}$`),
    )
  })
})
