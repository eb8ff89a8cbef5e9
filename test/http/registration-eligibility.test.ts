// GET /_cosell/referrals/{id}/dealRegistrationEligibility: Microsoft's eligibility policy entity,
// a cosell extension asked with the partner's own token.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { EligibilityPolicy } from '../../src/domain/registration/eligibility.js'
import { assertErrorBody } from '../support/error-body.js'
import { edited } from '../support/body-edit.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { createReferral, patchReferral, replace, send } from '../support/referral-api.js'
import { eligibleSolution, giveIncentive, registeredDeal } from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantB } from '../support/tokens.js'

let t: TestApp
before(async () => {
  t = await makeTestApp()
  await giveIncentive(t.app)
})
after(async () => {
  await t.close()
})

const eligibilityUrl = (id: string) => `/_cosell/referrals/${id}/dealRegistrationEligibility`

async function eligibility(id: string, tid?: string): Promise<EligibilityPolicy> {
  const res = await send(t.app, 'GET', eligibilityUrl(id), tid === undefined ? {} : { tid })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(
    res.headers['x-cosell-extension'],
    'dealRegistrationEligibility',
    'marked as a cosell extension',
  )
  return res.json<EligibilityPolicy>()
}

describe('deal-registration eligibility (the documented eligibility policy)', () => {
  test('a referral whose solution carries the incentive is eligible, with the entity Microsoft defines', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const policy = await eligibility(id)
    assert.deepEqual(Object.keys(policy), [
      'policyName',
      'isEligible',
      'referralProperties',
      'additionalProperties',
    ])
    assert.equal(policy.isEligible, true)
    assert.equal(policy.policyName, 'AzureIPCoSellDealRegistration')
    assert.deepEqual(policy.additionalProperties, ['MSFT Internal Azure IP Co-Sell'])
    assert.deepEqual(policy.referralProperties, {
      referralId: id,
      status: 'Active',
      substatus: 'Accepted',
      registrationStatus: 'None',
      solutionIds: eligibleSolution,
      eligibleSolutionIds: eligibleSolution,
    })
    for (const value of Object.values(policy.referralProperties)) assert.equal(typeof value, 'string')
  })

  test('a referral with a registration reports its status', async () => {
    const deal = await registeredDeal(t.app)
    assert.equal((await eligibility(deal.id)).referralProperties.registrationStatus, 'Approved')
  })

  test('a referral without an eligible solution is not, and says why', async () => {
    const body = edited(partnerLedCreate(), {
      'details.requirements.solutions': [{ type: 'Name', id: 'SOL-22222-BBB', name: 'Other' }],
    })
    const { id } = await createReferral(t.app, body)
    const policy = await eligibility(id)
    assert.equal(policy.isEligible, false)
    assert.deepEqual(policy.additionalProperties, [])
    assert.match(policy.referralProperties.reason ?? '', /Azure IP co-sell incentive/)
  })

  test('a Closed referral is not eligible', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    await patchReferral(t.app, id, [replace('/status', 'Closed'), replace('/substatus', 'Won')])
    const policy = await eligibility(id)
    assert.equal(policy.isEligible, false)
    assert.match(policy.referralProperties.reason ?? '', /Closed\/Won/)
  })

  test("another organisation's referral answers 404, as an unknown one does", async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    assertErrorBody(await send(t.app, 'GET', eligibilityUrl(id), { tid: tenantB }), 404, 'itemNotFound')
    assertErrorBody(await send(t.app, 'GET', eligibilityUrl('00000000-0000-4000-8000-000000000000')), 404)
  })

  test('without a bearer token the answer is 401', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    assertErrorBody(await t.app.inject({ method: 'GET', url: eligibilityUrl(id) }), 401)
  })
})
