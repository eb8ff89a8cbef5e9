// Deal registrations through PATCH exactly as the Power Platform connector sends them
// (CreateDealRegistrationByReferralId, PatchDealRegistrationByReferralId): its three
// URLs, its create body and its twelve update paths; 204 or 200 with Prefer: return=representation;
// a new eTag on every write and If-Match honoured (the documented eTag rules); every answer valid
// against the connector's Referral schema.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { connectorDealRegistrationErrors, connectorRegistrationPaths } from '../fidelity/connector-schema.js'
import { assertFaithfulReferral, observedKeyOrder, serverTimestamp } from '../fidelity/wire-form.js'
import { assertErrorBody } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  assertUnchanged,
  createReferral,
  itemUrl,
  patchReferral,
  readReferral,
  send,
} from '../support/referral-api.js'
import {
  addRegistration,
  eligibleSolution,
  giveIncentive,
  registeredDeal,
  registrationBody,
  review,
} from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

let t: TestApp
before(async () => {
  t = await makeTestApp()
  await giveIncentive(t.app)
})
after(async () => {
  await t.close()
})

/** The connector's operations (CreateDealRegistrationByReferralId and PatchDealRegistrationByReferralId): the same PATCH under three URLs. */
const connectorUrls: Record<string, (id: string) => string> = {
  'PatchReferralById /referrals/{id}': (id) => itemUrl(id),
  'CreateDealRegistrationByReferralId /referrals/{id}/': (id) => `${itemUrl(id)}/`,
  'PatchDealRegistrationByReferralId /referrals/{id}//': (id) => `${itemUrl(id)}//`,
}

async function sentBack(): Promise<Referral> {
  const deal = await registeredDeal(t.app, tenantA, registrationBody({ 'contract.value': 200000 }))
  const res = await review(t.app, deal.id, {
    action: 'requireAction',
    statusReason: 'Attach the signed contract.',
  })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<Referral>()
}

describe('creating a registration (CreateDealRegistrationByReferralId)', () => {
  test("the test body is the connector's CreateDealRegistrationByReferralId body", () => {
    assert.deepEqual(connectorDealRegistrationErrors(addRegistration()), [])
  })

  for (const [operation, url] of Object.entries(connectorUrls)) {
    test(`PATCH ${operation} with add /registrations/- answers 204 and a new ETag`, async () => {
      const { id, eTag } = await createReferral(t.app, partnerLedCreate())
      const res = await send(t.app, 'PATCH', url(id), { body: addRegistration() })
      assert.equal(res.statusCode, 204, res.body)
      assert.equal(res.body, '')
      assert.notEqual(res.headers.etag, eTag)
      const get = await send(t.app, 'GET', itemUrl(id))
      const r = assertFaithfulReferral(get, ['@odata.context', ...observedKeyOrder])
      assert.equal(r.eTag, res.headers.etag)
      assert.equal(r.registrationStatus, 'Approved')
      assert.equal(r.registrations.length, 1)
    })
  }

  test('with Prefer: return=representation the answer is 200 with the referral the service completed', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const res = await patchReferral(t.app, id, addRegistration(), { prefer: 'return=representation' })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.headers['preference-applied'], 'return=representation')
    const r = assertFaithfulReferral(res)
    const registration = r.registrations[0]!
    assert.match(registration.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.equal(registration.registrationDateTime, '2026-03-01T10:00:00.0000000Z')
    assert.equal(registration.status, 'Approved')
    assert.equal(registration.statusReason, null)
    assert.equal(registration.type, 'AzureIPCoSell')
    assert.deepEqual(registration.statusHistory, {
      reviewPendingDateTime: '2026-03-01T10:00:00.0000000Z',
      actionRequiredDateTime: null,
      passedDateTime: null,
      failedDateTime: null,
      approvedDateTime: '2026-03-01T10:00:00.0000000Z',
    })
    assert.deepEqual(registration.solutionDetails[0]!.incentives, ['MSFT Internal Azure IP Co-Sell'])
    assert.equal(registration.solutionDetails[0]!.id, eligibleSolution)
    assert.deepEqual(registration.contract, {
      value: 80000,
      currency: 'USD',
      startDateTime: '2026-03-01T00:00:00Z',
      endDateTime: '2028-03-01T00:00:00Z',
      signDateTime: '2026-02-20T00:00:00Z',
      term: 'Finite',
    })
    assert.equal(r.registrationStatus, 'Approved')
    assert.match(r.updatedDateTime, serverTimestamp)
  })

  test('a registration in a PUT body is ignored like every server-owned field', async () => {
    const deal = await registeredDeal(t.app)
    const { referral, etag } = await readReferral(t.app, deal.id)
    const edited = { ...referral, registrations: [], registrationStatus: 'None', name: 'Renamed' }
    const res = await send(t.app, 'PUT', itemUrl(deal.id), { body: edited, headers: { 'if-match': etag } })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json<Referral>().registrations, deal.registrations)
    assert.equal(res.json<Referral>().registrationStatus, 'Approved')
  })
})

const mpt = '/registrations/0/solutionDetails/0/marketplaceTransactionDetails'

/**
 * A value for each of the connector's twelve update paths (PatchDealRegistrationByReferralId), the value stored, and other
 * operations sent along where the rules need them. The registration starts at USD 200,000.
 */
const updates: Readonly<
  Record<string, { value: unknown; stored?: unknown; with?: { op: string; path: string; value: unknown }[] }>
> = {
  '/registrations/0/contract/startDateTime': { value: '2026-04-01', stored: '2026-04-01T00:00:00Z' },
  '/registrations/0/contract/endDateTime': { value: '2029-03-01T00:00:00Z' },
  '/registrations/0/contract/signDateTime': {
    value: '2026-02-25T12:00:00+01:00',
    stored: '2026-02-25T11:00:00Z',
  },
  '/registrations/0/contract/term': { value: 'perpetual', stored: 'Perpetual' },
  '/registrations/0/contract/value': { value: '250000', stored: 250000 },
  '/registrations/0/solutionDetails/0/value': { value: 45000.5 },
  '/registrations/0/solutionDetails/0/currency': { value: 'eur', stored: 'EUR' },
  // true is the only eligible value, and the registration has it: a second change makes it a
  // resubmission
  '/registrations/0/solutionDetails/0/isDeployedOnAzure': {
    value: 'true',
    stored: true,
    with: [{ op: 'replace', path: '/registrations/0/contract/value', value: 210000 }],
  },
  '/registrations/0/solutionDetails/0/primaryDeploymentOn': { value: 'Partner' },
  '/registrations/0/solutionDetails/0/pricingModel': { value: 'Other' },
  [`${mpt}/isMarketplaceTransacted`]: {
    value: true,
    with: [{ op: 'replace', path: `${mpt}/marketplaceTransactionDateTime`, value: '2026-02-27T00:00:00Z' }],
  },
  [`${mpt}/marketplaceTransactionDateTime`]: { value: '2026-02-27T00:00:00Z' },
}

function valueAt(doc: unknown, pointer: string): unknown {
  return pointer
    .slice(1)
    .split('/')
    .reduce<unknown>(
      (node, s) => (Array.isArray(node) ? node[Number(s)] : (node as Record<string, unknown>)[s]),
      doc,
    )
}

describe("updating a registration through the connector's paths (PatchDealRegistrationByReferralId)", () => {
  test('every update path of the connector has a case here', () => {
    assert.deepEqual(connectorRegistrationPaths().sort(), Object.keys(updates).sort())
  })

  for (const path of connectorRegistrationPaths()) {
    const c = updates[path]
    if (!c) continue // reported above
    for (const op of ['replace', 'add']) {
      test(`${op} ${path} through /referrals/{id}// is applied while ActionRequired, and approved again`, async () => {
        const before = await sentBack()
        const body = [{ op, path, value: c.value }, ...(c.with ?? [])]
        const res = await send(t.app, 'PATCH', `${itemUrl(before.id)}//`, { body })
        assert.equal(res.statusCode, 204, res.body)
        assert.notEqual(res.headers.etag, before.eTag)
        const get = await send(t.app, 'GET', itemUrl(before.id))
        const r = get.json<Referral>()
        assert.deepEqual(valueAt(r, path), c.stored ?? c.value)
        assert.equal(r.registrations[0]!.status, 'Approved')
        assert.equal(r.registrations[0]!.statusReason, null, 'the reason to act is cleared')
        assert.equal(r.registrationStatus, 'Approved')
      })
    }
  }
})

describe('eTag and If-Match on registration writes (the documented eTag rules)', () => {
  test('a stale If-Match answers 412 with the exact body and stores nothing', async () => {
    const { id, eTag } = await createReferral(t.app, partnerLedCreate())
    await patchReferral(t.app, id, [{ op: 'replace', path: '/details/notes', value: 'moved on' }])
    const { referral } = await readReferral(t.app, id)
    const res = await patchReferral(t.app, id, addRegistration(), { 'if-match': eTag })
    const body = assertErrorBody(res, 412, 'preconditionFailed')
    assert.equal(body.error.target, 'ETag')
    await assertUnchanged(t.app, referral)
  })

  test('the current eTag, quoted or weak, lets the write through with a new eTag', async () => {
    const { id, eTag } = await createReferral(t.app, partnerLedCreate())
    const res = await patchReferral(t.app, id, addRegistration(), { 'if-match': `W/${eTag}` })
    assert.equal(res.statusCode, 204, res.body)
    assert.notEqual(res.headers.etag, eTag)
  })

  test('a PATCH that changes nothing in the registration is not written: same eTag', async () => {
    const deal = await registeredDeal(t.app)
    const res = await patchReferral(t.app, deal.id, [
      { op: 'replace', path: '/registrations/0/contract/value', value: 80000 },
    ])
    assert.equal(res.statusCode, 204, res.body)
    assert.equal(res.headers.etag, deal.eTag)
  })

  test('a review gives a new eTag, and an If-Match taken before it answers 412 to the partner', async () => {
    const deal = await registeredDeal(t.app)
    const reviewed = await review(t.app, deal.id, { action: 'requireAction', statusReason: 'x' })
    assert.notEqual(reviewed.json<Referral>().eTag, deal.eTag)
    assert.equal(reviewed.headers.etag, reviewed.json<Referral>().eTag)
    const res = await patchReferral(
      t.app,
      deal.id,
      [{ op: 'replace', path: '/registrations/0/contract/value', value: 90000 }],
      { 'if-match': deal.eTag },
    )
    assertErrorBody(res, 412, 'preconditionFailed')
  })
})
