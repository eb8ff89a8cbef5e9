// Every deal-registration rule of the documented registration rules over HTTP: a 400 invalidRequest
// naming the field path and the rule of every problem at once, after which the referral is
// unchanged (same eTag).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { absent } from '../support/body-edit.js'
import { assertErrorBody, assertInvalidRequest, type ExpectedProblem } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  assertUnchanged,
  createReferral,
  patchReferral,
  readReferral,
  replace,
  type JsonPatchOperation,
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
import { tenantB } from '../support/tokens.js'

let t: TestApp
before(async () => {
  t = await makeTestApp({ rules: { usdRates: { USD: 1, EUR: 1.1 } } })
  await giveIncentive(t.app)
})
after(async () => {
  await t.close()
})

async function assertRefused(
  id: string,
  operations: readonly JsonPatchOperation[],
  expected: readonly ExpectedProblem[],
  tid?: string,
): Promise<void> {
  const { referral } = await readReferral(t.app, id, tid)
  assertInvalidRequest(await patchReferral(t.app, id, operations, {}, tid), expected)
  await assertUnchanged(t.app, referral, tid)
}

const c = 'registrations[0].contract'
const s = 'registrations[0].solutionDetails[0]'
const rule = (target: string, code: string) => ({ target, code })

const createCases: [string, Readonly<Record<string, unknown>>, { target: string; code: string }[]][] = [
  ['no contract value', { 'contract.value': absent }, [rule(`${c}.value`, 'required')]],
  ['no contract currency', { 'contract.currency': absent }, [rule(`${c}.currency`, 'required')]],
  [
    'a contract currency that is not ISO 4217',
    { 'contract.currency': 'Dollars' },
    [rule(`${c}.currency`, 'enum')],
  ],
  ['no term', { 'contract.term': absent }, [rule(`${c}.term`, 'required')]],
  ['an unknown term', { 'contract.term': 'Forever' }, [rule(`${c}.term`, 'enum')]],
  ['no sign date', { 'contract.signDateTime': absent }, [rule(`${c}.signDateTime`, 'required')]],
  ['no start date', { 'contract.startDateTime': absent }, [rule(`${c}.startDateTime`, 'required')]],
  [
    'a Finite term without an end date',
    { 'contract.endDateTime': absent },
    [rule(`${c}.endDateTime`, 'required')],
  ],
  ['an end before the start', { 'contract.endDateTime': '2025-01-01' }, [rule(`${c}.endDateTime`, 'order')]],
  ['USD 25,000 a year', { 'contract.value': 50000 }, [rule(`${c}.value`, 'minimumAnnualValue')]],
  [
    'a Perpetual contract of USD 150,000 (25,000 a year over six years)',
    { 'contract.term': 'Perpetual', 'contract.endDateTime': absent, 'contract.value': 150000 },
    [rule(`${c}.value`, 'minimumAnnualValue')],
  ],
  [
    'EUR 45,000 over two years at the configured rate of 1.1 (USD 24,750 a year)',
    { 'contract.currency': 'EUR', 'contract.value': 45000 },
    [rule(`${c}.value`, 'minimumAnnualValue')],
  ],
  [
    'a currency the configured rates lack',
    { 'contract.currency': 'GBP' },
    [rule(`${c}.currency`, 'exchangeRate')],
  ],
  ['a solution value of zero', { 'solutionDetails.0.value': 0 }, [rule(`${s}.value`, 'nonZero')]],
  ['no solution value', { 'solutionDetails.0.value': absent }, [rule(`${s}.value`, 'required')]],
  ['no solution', { solutionDetails: [] }, [rule('registrations[0].solutionDetails', 'required')]],
  [
    'isDeployedOnAzure false',
    { 'solutionDetails.0.isDeployedOnAzure': false },
    [rule(`${s}.isDeployedOnAzure`, 'notEligible')],
  ],
  [
    'a marketplace transaction without its date',
    { 'solutionDetails.0.marketplaceTransactionDetails.isMarketplaceTransacted': true },
    [rule(`${s}.marketplaceTransactionDetails.marketplaceTransactionDateTime`, 'required')],
  ],
  [
    'no isMarketplaceTransacted',
    { 'solutionDetails.0.marketplaceTransactionDetails': absent },
    [rule(`${s}.marketplaceTransactionDetails.isMarketplaceTransacted`, 'required')],
  ],
  [
    "a solution that is not the referral's",
    { 'solutionDetails.0.id': 'SOL-11111-AAA' },
    [rule(`${s}.id`, 'notOnReferral')],
  ],
  ['a type other than AzureIPCoSell', { type: 'Other' }, [rule('registrations[0].type', 'enum')]],
  ['a status', { status: 'Approved' }, [rule('registrations[0].status', 'readOnly')]],
  [
    'a registrationDateTime',
    { registrationDateTime: '2026-01-01' },
    [rule('registrations[0].registrationDateTime', 'readOnly')],
  ],
  ['a statusReason', { statusReason: 'please approve' }, [rule('registrations[0].statusReason', 'readOnly')]],
  [
    'a statusHistory date',
    { 'statusHistory.approvedDateTime': '2026-01-01' },
    [rule('registrations[0].statusHistory.approvedDateTime', 'readOnly')],
  ],
  [
    'incentives',
    { 'solutionDetails.0.incentives': ['Azure IP co-sell'] },
    [rule(`${s}.incentives`, 'readOnly')],
  ],
  ['an id', { id: 'my-registration' }, [rule('registrations[0].id', 'readOnly')]],
  ['a contract value that is not a number', { 'contract.value': 'lots' }, [rule(`${c}.value`, 'type')]],
  [
    'a start date that is not a date',
    { 'contract.startDateTime': 'soon' },
    [rule(`${c}.startDateTime`, 'type')],
  ],
  [
    'a solution value that is not a number',
    { 'solutionDetails.0.value': 'high' },
    [rule(`${s}.value`, 'type')],
  ],
  [
    'four faults at once',
    {
      'contract.value': absent,
      'contract.startDateTime': absent,
      'solutionDetails.0.value': -1,
      'solutionDetails.0.isDeployedOnAzure': false,
    },
    [
      rule(`${c}.value`, 'required'),
      rule(`${c}.startDateTime`, 'required'),
      rule(`${s}.value`, 'nonZero'),
      rule(`${s}.isDeployedOnAzure`, 'notEligible'),
    ],
  ],
]

describe('creating a registration breaking a rule (the documented registration rules)', () => {
  for (const [name, edits, problems] of createCases) {
    test(`with ${name}: 400 naming ${problems.map((p) => `${p.target} (${p.code})`).join(', ')}`, async () => {
      const { id } = await createReferral(t.app, partnerLedCreate())
      const { referral } = await readReferral(t.app, id)
      const res = await patchReferral(t.app, id, addRegistration(registrationBody(edits)))
      const details = assertInvalidRequest(res, problems)
      for (const p of problems)
        assert.ok(
          details.some((d) => d.target === p.target && d.code === p.code),
          `${p.target} ${p.code}: ${res.body}`,
        )
      assert.equal(details.length, problems.length, res.body)
      await assertUnchanged(t.app, referral)
    })
  }

  test('a solution without the Azure IP co-sell incentive is not eligible; the eligible ones are listed', async () => {
    await giveIncentive(t.app, tenantB, ['Business Applications'])
    const { id } = await createReferral(t.app, partnerLedCreate(), tenantB)
    await assertRefused(id, addRegistration(), [{ target: `${s}.id`, allowed: [] }], tenantB)
    await giveIncentive(t.app, tenantB, ['AZURE IP CO-SELL'])
    assert.equal((await patchReferral(t.app, id, addRegistration(), {}, tenantB)).statusCode, 204)
  })
})

describe('where a registration write may go', () => {
  test('a second registration answers onePerReferral', async () => {
    const deal = await registeredDeal(t.app)
    await assertRefused(deal.id, addRegistration(), [{ target: 'registrations', mentions: 'at most one' }])
  })

  test('an update before any registration exists names the path and says how to create one', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    await assertRefused(
      id,
      [replace('/registrations/0/contract/value', 90000)],
      [{ target: '[0].path', mentions: 'add /registrations/-' }],
    )
  })

  const refusedPaths: [string, unknown][] = [
    ['/registrations', [registrationBody()]],
    ['/registrations/0', registrationBody()],
    ['/registrations/0/status', 'Passed'],
    ['/registrations/0/statusReason', 'Looks good'],
    ['/registrations/0/statusHistory/passedDateTime', '2026-03-02T00:00:00Z'],
    ['/registrations/0/registrationDateTime', '2026-03-02T00:00:00Z'],
    ['/registrations/0/id', 'mine'],
    ['/registrations/0/solutionDetails/0/incentives', ['Azure IP co-sell']],
    ['/registrationStatus', 'Passed'],
  ]
  for (const [path, value] of refusedPaths) {
    test(`replace ${path} is refused naming the path`, async () => {
      const deal = await sentBackDeal()
      await assertRefused(deal.id, [replace(path, value)], [{ target: '[0].path', mentions: path }])
    })
  }

  test('a change after Approved is refused (the CSV upload article: no actions after Approved)', async () => {
    const deal = await registeredDeal(t.app)
    await assertRefused(
      deal.id,
      [replace('/registrations/0/contract/value', 90000)],
      [{ target: 'registrations[0]', mentions: 'Approved' }],
    )
  })

  for (const action of ['pass', 'fail', 'close'] as const) {
    test(`a change after Microsoft's ${action} is refused: a terminal state`, async () => {
      const deal = await registeredDeal(t.app)
      const res = await review(t.app, deal.id, { action, statusReason: 'Reviewed.' })
      assert.equal(res.statusCode, 200, res.body)
      await assertRefused(
        deal.id,
        [replace('/registrations/0/contract/value', 90000)],
        [{ target: 'registrations[0]', mentions: 'terminal' }],
      )
    })
  }

  test('an update while ActionRequired must pass the rules too', async () => {
    const deal = await sentBackDeal()
    await assertRefused(
      deal.id,
      [replace('/registrations/0/solutionDetails/0/value', 0)],
      [{ target: `${s}.value` }],
    )
  })

  test('a registration on a Closed referral is refused by the referral lifecycle', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const closed = await patchReferral(t.app, id, [
      replace('/status', 'Closed'),
      replace('/substatus', 'Lost'),
      replace('/statusReason', 'Customer chose another vendor'),
    ])
    assert.equal(closed.statusCode, 204, closed.body)
    await assertRefused(id, addRegistration(), [{ target: 'status', mentions: 'terminal' }])
  })

  test('an operation that is not replace or add is refused before anything else', async () => {
    const deal = await registeredDeal(t.app)
    const res = await patchReferral(t.app, deal.id, [{ op: 'remove', path: '/registrations/0' }])
    assertErrorBody(res, 400, 'invalidRequest')
  })
})

async function sentBackDeal(): Promise<Referral> {
  const deal = await registeredDeal(t.app)
  const res = await review(t.app, deal.id, {
    action: 'requireAction',
    statusReason: `Check ${eligibleSolution}.`,
  })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<Referral>()
}
