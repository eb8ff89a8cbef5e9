import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { complete } from '../../../src/domain/referral/complete.js'
import { normalize } from '../../../src/domain/referral/normalize.js'
import { completeReferral, readReferralBody } from '../../../src/domain/referral/referral-input.js'
import { RegistrationSchema, type Registration } from '../../../src/domain/referral/registration-schema.js'
import { isAzureIpCoSell } from '../../../src/domain/registration/eligibility.js'
import {
  checkRegistration,
  type RegistrationContext,
} from '../../../src/domain/registration/registration-rules.js'
import { defaultUsdRates, parseRateList, toUsd } from '../../../src/domain/registration/usd-rates.js'
import { absent } from '../../support/body-edit.js'
import { partnerLedCreate } from '../../support/fixtures.js'
import { eligibleSolution, registrationBody } from '../../support/registration-api.js'

const referral = completeReferral(readReferralBody(partnerLedCreate()).given).referral
const context: RegistrationContext = {
  referral,
  solutionProfiles: [{ id: eligibleSolution, name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }],
  usdRates: defaultUsdRates,
}

function registration(edits: Readonly<Record<string, unknown>>): Registration {
  return complete<Registration>(
    RegistrationSchema,
    normalize(RegistrationSchema, registrationBody(edits), []),
  )
}

function problemsOf(edits: Readonly<Record<string, unknown>>, ctx: Partial<RegistrationContext> = {}) {
  return checkRegistration(registration(edits), { ...context, ...ctx }).map((p) => `${p.target} ${p.rule}`)
}

interface RuleCase {
  readonly name: string
  readonly edits: Readonly<Record<string, unknown>>
  /** `target rule` of every problem expected; empty for a valid registration. */
  readonly expected: readonly string[]
  readonly context?: Partial<RegistrationContext>
}

const c = 'registrations[0].contract'
const s = 'registrations[0].solutionDetails[0]'
const perpetual = { 'contract.term': 'Perpetual', 'contract.endDateTime': absent }

const cases: readonly RuleCase[] = [
  { name: 'the connector sample is valid', edits: {}, expected: [] },
  {
    name: 'contract value is required',
    edits: { 'contract.value': absent },
    expected: [`${c}.value required`],
  },
  {
    name: 'contract currency is required',
    edits: { 'contract.currency': absent },
    expected: [`${c}.currency required`],
  },
  {
    name: 'contract currency must be ISO 4217',
    edits: { 'contract.currency': 'US$' },
    expected: [`${c}.currency enum`],
  },
  { name: 'contract term is required', edits: { 'contract.term': absent }, expected: [`${c}.term required`] },
  {
    name: 'sign date is required',
    edits: { 'contract.signDateTime': absent },
    expected: [`${c}.signDateTime required`],
  },
  {
    name: 'start date is required',
    edits: { 'contract.startDateTime': absent },
    expected: [`${c}.startDateTime required`],
  },
  {
    name: 'end date is required for Finite',
    edits: { 'contract.endDateTime': absent },
    expected: [`${c}.endDateTime required`],
  },
  {
    name: 'end date is not required for Perpetual',
    edits: { ...perpetual, 'contract.value': 200000 },
    expected: [],
  },
  {
    name: 'the end must follow the start',
    edits: { 'contract.endDateTime': '2026-02-01T00:00:00Z' },
    expected: [`${c}.endDateTime order`],
  },
  {
    name: 'annual value at USD 25,000 is not enough (two years of 50,000)',
    edits: { 'contract.value': 50000 },
    expected: [`${c}.value minimumAnnualValue`],
  },
  { name: 'annual value just above USD 25,000 passes', edits: { 'contract.value': 50002 }, expected: [] },
  {
    name: 'a Finite contract shorter than a year counts as one year',
    edits: { 'contract.value': 26000, 'contract.endDateTime': '2026-06-01T00:00:00Z' },
    expected: [],
  },
  {
    name: 'Perpetual: the total over six years must exceed USD 25,000 a year (150,000 does not)',
    edits: { ...perpetual, 'contract.value': 150000 },
    expected: [`${c}.value minimumAnnualValue`],
  },
  {
    name: 'other currencies are converted with the rate table (EUR 50,000 over two years is USD 27,000 a year)',
    edits: { 'contract.currency': 'EUR', 'contract.value': 50000 },
    expected: [],
  },
  {
    name: 'a configured rate overrides the table',
    edits: { 'contract.currency': 'EUR', 'contract.value': 50000 },
    context: { usdRates: { ...defaultUsdRates, EUR: 0.9 } },
    expected: [`${c}.value minimumAnnualValue`],
  },
  {
    name: 'a currency without a rate is named',
    edits: { 'contract.currency': 'ISK' },
    expected: [`${c}.currency exchangeRate`],
  },
  {
    name: 'a solution is required',
    edits: { solutionDetails: [] },
    expected: ['registrations[0].solutionDetails required'],
  },
  {
    name: 'solution value is required',
    edits: { 'solutionDetails.0.value': absent },
    expected: [`${s}.value required`],
  },
  {
    name: 'solution value must be non-zero',
    edits: { 'solutionDetails.0.value': 0 },
    expected: [`${s}.value nonZero`],
  },
  {
    name: 'a negative solution value is refused',
    edits: { 'solutionDetails.0.value': -5 },
    expected: [`${s}.value nonZero`],
  },
  {
    name: 'solution currency must be ISO 4217',
    edits: { 'solutionDetails.0.currency': 'dollars' },
    expected: [`${s}.currency enum`],
  },
  {
    name: 'isDeployedOnAzure false is not eligible',
    edits: { 'solutionDetails.0.isDeployedOnAzure': false },
    expected: [`${s}.isDeployedOnAzure notEligible`],
  },
  {
    name: 'isDeployedOnAzure is required',
    edits: { 'solutionDetails.0.isDeployedOnAzure': absent },
    expected: [`${s}.isDeployedOnAzure required`],
  },
  {
    name: 'isMarketplaceTransacted is required',
    edits: { 'solutionDetails.0.marketplaceTransactionDetails': absent },
    expected: [`${s}.marketplaceTransactionDetails.isMarketplaceTransacted required`],
  },
  {
    name: 'a marketplace transaction needs its date',
    edits: { 'solutionDetails.0.marketplaceTransactionDetails.isMarketplaceTransacted': true },
    expected: [`${s}.marketplaceTransactionDetails.marketplaceTransactionDateTime required`],
  },
  {
    name: 'a marketplace transaction with its date is valid',
    edits: {
      'solutionDetails.0.marketplaceTransactionDetails.isMarketplaceTransacted': true,
      'solutionDetails.0.marketplaceTransactionDetails.marketplaceTransactionDateTime':
        '2026-02-25T00:00:00Z',
    },
    expected: [],
  },
  {
    name: 'the solution id is required',
    edits: { 'solutionDetails.0.id': absent },
    expected: [`${s}.id required`],
  },
  {
    name: "the solution must be one of the referral's",
    edits: { 'solutionDetails.0.id': 'SOL-99999-XYZ' },
    expected: [`${s}.id notOnReferral`],
  },
  {
    name: 'the solution must carry the Azure IP co-sell incentive',
    edits: {},
    context: {
      solutionProfiles: [
        { id: eligibleSolution, name: 'Contoso Ale', incentives: ['Business Applications'] },
      ],
    },
    expected: [`${s}.id notEligible`],
  },
  {
    name: 'a solution with no profile at all is not eligible',
    edits: {},
    context: { solutionProfiles: [] },
    expected: [`${s}.id notEligible`],
  },
  {
    name: 'every problem is reported at once',
    edits: {
      'contract.value': absent,
      'contract.signDateTime': absent,
      'solutionDetails.0.value': 0,
      'solutionDetails.0.isDeployedOnAzure': false,
    },
    expected: [
      `${c}.value required`,
      `${c}.signDateTime required`,
      `${s}.value nonZero`,
      `${s}.isDeployedOnAzure notEligible`,
    ],
  },
]

describe('deal registration rules (the documented registration rules)', () => {
  for (const rule of cases) {
    test(rule.name, () => {
      assert.deepEqual(problemsOf(rule.edits, rule.context).sort(), [...rule.expected].sort())
    })
  }

  test('a required-field message uses the portal wording', () => {
    const [problem] = checkRegistration(registration({ 'contract.value': absent }), context)
    assert.match(problem!.message, /Required field Contract value is missing/)
  })

  test('an ineligible solution lists the eligible ones', () => {
    const [problem] = checkRegistration(registration({ 'solutionDetails.0.id': 'SOL-99999-XYZ' }), context)
    assert.deepEqual(problem!.allowedValues, [eligibleSolution])
  })
})

describe('the Azure IP co-sell incentive is matched loosely', () => {
  const matches = [
    'Azure IP co-sell',
    'AZURE IP CO-SELL',
    'Azure IP Co-Sell',
    'AzureIPCoSell',
    'MSFT Internal Azure IP Co-Sell',
  ]
  for (const text of matches) test(`'${text}' carries it`, () => assert.ok(isAzureIpCoSell(text)))
  for (const text of ['Azure co-sell', 'IP co-sell', 'Business Applications co-sell'])
    test(`'${text}' does not`, () => assert.ok(!isAzureIpCoSell(text)))
})

describe('USD rates', () => {
  test('converts with the table and knows USD', () => {
    assert.equal(toUsd(100, 'usd', defaultUsdRates), 100)
    assert.equal(toUsd(100, 'EUR', { EUR: 1.1 }), 110.00000000000001)
    assert.equal(toUsd(100, 'XYZ', defaultUsdRates), undefined)
  })

  test('COSELL_FX_RATES is read as CODE=rate pairs; a bad rate stays text for the config schema to name', () => {
    assert.deepEqual(parseRateList(' eur=1.09, GBP = 1.26 ,'), { EUR: 1.09, GBP: 1.26 })
    assert.deepEqual(parseRateList('EUR=abc'), { EUR: 'abc' })
  })

  test('every currency of the table is an ISO 4217 code with a positive rate', () => {
    for (const [code, rate] of Object.entries(defaultUsdRates)) {
      assert.match(code, /^[A-Z]{3}$/)
      assert.ok(rate > 0, code)
    }
  })
})
