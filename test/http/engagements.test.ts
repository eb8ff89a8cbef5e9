import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'
const msftTarget = [{ type: 'BusinessProfileLocation', id: 'msft' }]

describe('co-sell with Microsoft and other partners', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  const create = async (body: object, tid = tenantA) => {
    const response = await t.app.inject({ method: 'POST', url: api, headers: authHeader(tid), payload: body })
    return {
      status: response.statusCode,
      body: response.json<Referral & { error?: { target: string; message: string } }>(),
    }
  }
  const get = (id: string, tid = tenantA) =>
    t.app.inject({ method: 'GET', url: `${api}/${id}`, headers: authHeader(tid) })
  const patch = (id: string, ops: object[], tid = tenantA) =>
    t.app.inject({
      method: 'PATCH',
      url: `${api}/${id}`,
      headers: { ...authHeader(tid), prefer: 'return=representation' },
      payload: ops,
    })
  const microsoft = (path: string, payload?: object) =>
    t.app.inject({
      method: payload ? 'POST' : 'GET',
      url: `/_cosell/microsoft${path}`,
      ...(payload ? { payload } : {}),
    })
  const related = async (r: Referral, tid = tenantA) => {
    const url = new URL(r.links!.relatedReferrals.uri)
    const response = await t.app.inject({
      method: 'GET',
      url: `${url.pathname}?${url.searchParams.toString()}`,
      headers: authHeader(tid),
    })
    return response.json<{ value: Referral[] }>().value
  }

  test('co-sell in two steps: the second create joins the engagement and Microsoft receives its referral', async () => {
    const step1 = await create(partnerLedCreate())
    assert.equal(step1.status, 200)
    const step2 = await create({
      engagementId: step1.body.engagementId,
      target: msftTarget,
      inviteContext: { notes: 'Notes to Microsoft', assistanceRequestCode: 'ProofOfConceptOrDemo' },
    })
    assert.equal(step2.status, 200, JSON.stringify(step2.body))
    const ms = step2.body
    assert.equal(ms.engagementId, step1.body.engagementId)
    assert.equal(ms.organizationId, 'msft')
    assert.deepEqual(
      [ms.direction, ms.status, ms.substatus, ms.type],
      ['Incoming', 'New', 'Pending', 'Shared'],
    )
    assert.deepEqual(ms.inviteContext.invitedBy, {
      organizationId: tenantA,
      organizationName: step1.body.organizationName,
    })
    assert.equal(ms.inviteContext.assistanceRequestCode, 'ProofOfConceptOrDemo')
    assert.equal(ms.inviteContext.notes, 'Notes to Microsoft')
    assert.equal(ms.customerProfile.name, step1.body.customerProfile.name) // taken from the partner's referral
    assert.ok(ms.expirationDateTime)

    // relatedReferrals, followed as returned, lists both sides of the engagement
    assert.deepEqual((await related(step1.body)).map((r) => r.id).sort(), [step1.body.id, ms.id].sort())
    // the partner may read Microsoft's referral but not change it
    assert.equal((await get(ms.id)).statusCode, 200)
    assert.equal((await patch(ms.id, [{ op: 'replace', path: '/name', value: 'x' }])).statusCode, 403)
    // another partner sees neither
    assert.equal((await get(ms.id, tenantB)).statusCode, 404)
    assert.equal((await related(step1.body, tenantB)).length, 0)

    // Microsoft accepts: both referrals carry the MSX opportunity id
    const accepted = await microsoft(`/referrals/${ms.id}/accept`, {})
    assert.equal(accepted.statusCode, 200, accepted.body)
    assert.deepEqual(
      [accepted.json<Referral>().status, accepted.json<Referral>().substatus],
      ['Active', 'Accepted'],
    )
    const partnerSide = (await get(step1.body.id)).json<Referral>()
    assert.match(partnerSide.trackingInfo.microsoftMsxId ?? '', /^7-[0-9A-F]{9}$/)
    assert.notEqual(partnerSide.eTag, step1.body.eTag)

    // Microsoft adds a seller and closes as won
    const member = { firstName: 'Ada', lastName: 'Seller', email: 'ada@microsoft.com' }
    assert.equal((await microsoft(`/referrals/${ms.id}/addTeamMember`, { member })).statusCode, 200)
    const won = await microsoft(`/referrals/${ms.id}/close`, { outcome: 'Won' })
    assert.deepEqual([won.json<Referral>().status, won.json<Referral>().substatus], ['Closed', 'Won'])
    assert.equal(won.json<Referral>().team[0]?.email, 'ada@microsoft.com')
  })

  test('Microsoft declines with a reason; a decline without one is refused', async () => {
    const own = await create(partnerLedCreate())
    const ms = (await create({ engagementId: own.body.engagementId, target: msftTarget })).body
    const bare = await microsoft(`/referrals/${ms.id}/decline`, {})
    assert.equal(bare.statusCode, 400)
    assert.equal(bare.json<{ error: { target: string } }>().error.target, 'statusReason')
    const declined = await microsoft(`/referrals/${ms.id}/decline`, {
      statusReason: 'Customer chose another vendor',
    })
    assert.deepEqual(
      [declined.json<Referral>().status, declined.json<Referral>().substatus],
      ['Closed', 'Declined'],
    )
  })

  test('inviting Microsoft needs a referral shared with Microsoft sellers, and an engagement of your own', async () => {
    const privateDeal = await create(privateCreate())
    const refused = await create({ engagementId: privateDeal.body.engagementId, target: msftTarget })
    assert.equal(refused.status, 400)
    assert.equal(refused.body.error?.target, 'consent.consentToShareReferralWithMicrosoftSellers')
    const foreign = await create({ engagementId: privateDeal.body.engagementId, target: msftTarget }, tenantB)
    assert.equal(foreign.status, 400)
    assert.equal(foreign.body.error?.target, 'engagementId')
    const untargeted = await create({ engagementId: privateDeal.body.engagementId })
    assert.equal(untargeted.body.error?.target, 'target')
  })

  test('a partner invites another partner through its solution profile; the invited partner accepts', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/_cosell/organizations/${tenantB}`,
      payload: { name: 'Northwind', solutionProfiles: [{ id: 'SOL-777-NWD', incentives: [] }] },
    })
    const own = await create(privateCreate())
    const invited = await create({
      engagementId: own.body.engagementId,
      target: [{ type: 'SolutionProfile', id: 'SOL-777-NWD' }],
    })
    assert.equal(invited.status, 200, JSON.stringify(invited.body))
    assert.equal(invited.body.organizationId, tenantB)
    assert.equal((await get(own.body.id)).json<Referral>().type, 'Shared') // another party joined
    const accepted = await patch(
      invited.body.id,
      [
        { op: 'replace', path: '/status', value: 'Active' },
        { op: 'replace', path: '/substatus', value: 'Accepted' },
      ],
      tenantB,
    )
    assert.equal(accepted.statusCode, 200, accepted.body)
    assert.ok(accepted.json<Referral>().acceptedDateTime)
  })
})

describe('leads Microsoft sends', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
    await t.app.inject({
      method: 'PUT',
      url: `/_cosell/organizations/${tenantA}`,
      payload: { name: 'Fabrikam' },
    })
  })
  after(() => t.close())

  const send = (payload: object) => t.app.inject({ method: 'POST', url: '/_cosell/microsoft/leads', payload })
  const patch = (id: string, ops: object[]) =>
    t.app.inject({
      method: 'PATCH',
      url: `${api}/${id}`,
      headers: { ...authHeader(), prefer: 'return=representation' },
      payload: ops,
    })

  test('a qualified lead arrives Incoming, New/Pending, invited by Microsoft; the partner accepts it', async () => {
    const sent = await send({ organizationId: tenantA, kind: 'qualifiedLead', referral: privateCreate() })
    assert.equal(sent.statusCode, 200, sent.body)
    const lead = sent.json<{ referral: Referral }>().referral
    assert.deepEqual(
      [lead.direction, lead.status, lead.substatus, lead.type],
      ['Incoming', 'New', 'Pending', 'Independent'],
    )
    assert.equal(lead.inviteContext.invitedBy.organizationId, 'msft')
    assert.equal(lead.expirationDateTime, '2026-03-15T10:00:00.0000000Z') // 14 days after the test clock's start
    const accepted = await patch(lead.id, [
      { op: 'replace', path: '/status', value: 'Active' },
      { op: 'replace', path: '/substatus', value: 'Accepted' },
    ])
    assert.deepEqual(
      [accepted.json<Referral>().status, accepted.json<Referral>().acceptedDateTime !== null],
      ['Active', true],
    )
  })

  test('a lead declined without a reason is refused; with one it closes as Declined', async () => {
    const lead = (await send({ organizationId: tenantA, referral: privateCreate() })).json<{
      referral: Referral
    }>().referral
    const decline = [
      { op: 'replace', path: '/status', value: 'Closed' },
      { op: 'replace', path: '/substatus', value: 'Declined' },
    ]
    assert.equal((await patch(lead.id, decline)).statusCode, 400)
    const declined = await patch(lead.id, [
      ...decline,
      { op: 'replace', path: '/statusReason', value: 'Not a customer' },
    ])
    assert.deepEqual(
      [declined.json<Referral>().status, declined.json<Referral>().substatus],
      ['Closed', 'Declined'],
    )
  })

  test('a marketplace lead carries its source and call to action', async () => {
    const sent = await send({
      organizationId: tenantA,
      kind: 'marketplaceLead',
      referralSource: 'azuremarketplace',
      callToAction: 'FreeTrial',
      referral: privateCreate(),
    })
    const lead = sent.json<{ referral: Referral }>().referral
    assert.deepEqual(
      [lead.referralSource, lead.callToAction, lead.qualification],
      ['AzureMarketplace', 'FreeTrial', 'Direct'],
    )
  })

  test('a co-sell invitation comes with Microsoft’s own referral in the same engagement', async () => {
    const sent = (
      await send({ organizationId: tenantA, kind: 'coSellInvitation', referral: partnerLedCreate() })
    ).json<{
      referral: Referral
      microsoftReferral: Referral
    }>()
    assert.equal(sent.referral.type, 'Shared')
    assert.equal(sent.microsoftReferral.engagementId, sent.referral.engagementId)
    assert.equal(sent.microsoftReferral.organizationId, 'msft')
  })

  test('a lead to an unknown organisation or with a bad kind is refused naming the field', async () => {
    assert.equal((await send({ organizationId: 'nobody', referral: privateCreate() })).statusCode, 404)
    const bad = await send({ organizationId: tenantA, kind: 'spam', referral: privateCreate() })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json<{ error: { target: string } }>().error.target, 'kind')
  })
})

describe('Microsoft acting on a scripted policy', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  test('co-sell invitations are answered after two business days, the same way under the same seed', async () => {
    const policy = await t.app.inject({
      method: 'PUT',
      url: '/_cosell/microsoft/policy',
      payload: { mode: 'scripted', seed: 42, respondAfterBusinessDays: 2, declineRate: 0.5 },
    })
    assert.equal(policy.statusCode, 200, policy.body)
    const invitations: Referral[] = []
    for (let i = 0; i < 12; i++) {
      const own = (
        await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload: partnerLedCreate() })
      ).json<Referral>()
      const payload = { engagementId: own.engagementId, target: msftTarget }
      invitations.push(
        (await t.app.inject({ method: 'POST', url: api, headers: authHeader(), payload })).json<Referral>(),
      )
    }
    const run = () =>
      t.app
        .inject({ method: 'POST', url: '/_cosell/microsoft/policy/run' })
        .then((r) => r.json<{ accepted: number; declined: number; closed: number }>())
    assert.deepEqual(await run(), { accepted: 0, declined: 0, closed: 0 }) // too early
    t.clock.advance(5 * 24 * 60 * 60 * 1000) // the test clock starts on a Sunday: 5 days hold 4 business days
    const first = await run()
    assert.equal(first.accepted + first.declined, 12)
    assert.ok(first.declined > 0 && first.accepted > 0)
    assert.deepEqual(await run(), { accepted: 0, declined: 0, closed: 0 }) // each answered exactly once
    const states = await Promise.all(
      invitations.map(async (r) =>
        (await t.app.inject({ method: 'GET', url: `/_cosell/microsoft/referrals/${r.id}` })).json<Referral>(),
      ),
    )
    assert.ok(states.every((r) => r.status === 'Active' || (r.substatus === 'Declined' && r.statusReason)))
  })

  test('a bad policy is refused naming the field', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/_cosell/microsoft/policy',
      payload: { declineRate: 2 },
    })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json<{ error: { target: string } }>().error.target, 'declineRate')
  })
})

test('a lead nobody acts on expires when the clock passes its 14 days, exactly once', async () => {
  const t = await makeTestApp()
  try {
    await t.app.inject({ method: 'PUT', url: `/_cosell/organizations/${tenantA}`, payload: {} })
    const sent = await t.app.inject({
      method: 'POST',
      url: '/_cosell/microsoft/leads',
      payload: { organizationId: tenantA, kind: 'qualifiedLead', referral: privateCreate() },
    })
    const lead = sent.json<{ referral: Referral }>().referral
    const read = async () =>
      (
        await t.app.inject({ method: 'GET', url: `${api}/${lead.id}`, headers: authHeader() })
      ).json<Referral>()
    const advance = (by: string) =>
      t.app.inject({ method: 'POST', url: '/_cosell/clock', payload: { advance: by } })
    assert.equal((await advance('P13D')).statusCode, 200)
    assert.equal((await read()).status, 'New')
    assert.equal((await advance('P2D')).statusCode, 200)
    const expired = await read()
    assert.deepEqual([expired.status, expired.substatus], ['Closed', 'Expired'])
    assert.equal(expired.closedDateTime, lead.expirationDateTime)
    await advance('P1D')
    assert.equal((await read()).eTag, expired.eTag) // not written again
    const accept = await t.app.inject({
      method: 'PATCH',
      url: `${api}/${lead.id}`,
      headers: authHeader(),
      payload: [
        { op: 'replace', path: '/status', value: 'Active' },
        { op: 'replace', path: '/substatus', value: 'Accepted' },
      ],
    })
    assert.equal(accept.statusCode, 400) // too late: Closed is terminal
  } finally {
    await t.close()
  }
})
