import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { complete } from '../../../src/domain/referral/complete.js'
import { normalize } from '../../../src/domain/referral/normalize.js'
import { completeReferral, readReferralBody } from '../../../src/domain/referral/referral-input.js'
import { RegistrationSchema, type Registration } from '../../../src/domain/referral/registration-schema.js'
import type { Referral } from '../../../src/domain/referral/schema.js'
import {
  settleRegistration,
  type RegistrationWrite,
} from '../../../src/domain/registration/settle-registration.js'
import { defaultUsdRates } from '../../../src/domain/registration/usd-rates.js'
import { wonWithin72Hours } from '../../../src/domain/registration/won-early.js'
import { partnerLedCreate } from '../../support/fixtures.js'
import { eligibleSolution, registrationBody } from '../../support/registration-api.js'

const createdAt = new Date('2026-03-01T10:00:00.000Z')
const hours = (n: number) => new Date(createdAt.getTime() + n * 3_600_000)

const referral: Referral = {
  ...completeReferral(readReferralBody(partnerLedCreate()).given).referral,
  id: 'a0000000-0000-4000-8000-000000000001',
  createdDateTime: '2026-03-01T10:00:00.0000000Z',
}

const write = (at = hours(1)): RegistrationWrite => ({
  at,
  newId: () => 'b0000000-0000-4000-8000-00000000000b',
  solutionProfiles: [{ id: eligibleSolution, name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }],
  usdRates: defaultUsdRates,
})

const given = (edits: Readonly<Record<string, unknown>> = {}): Registration =>
  complete<Registration>(RegistrationSchema, normalize(RegistrationSchema, registrationBody(edits), []))

const withRegistration = (r: Referral, registration: Registration): Referral => ({
  ...r,
  registrations: [registration],
})

function created(): Referral {
  const { referral: out, problems } = settleRegistration(
    referral,
    withRegistration(referral, given()),
    write(),
  )
  assert.deepEqual(problems, [])
  return out
}

describe('creating a registration (CreateDealRegistrationByReferralId)', () => {
  test('the service sets id, time, status, history, incentives, solution name and registrationStatus', () => {
    const out = created()
    const r = out.registrations[0]!
    assert.equal(r.id, 'b0000000-0000-4000-8000-00000000000b')
    assert.equal(r.registrationDateTime, '2026-03-01T11:00:00.0000000Z')
    assert.equal(r.status, 'Approved')
    assert.equal(r.statusHistory.reviewPendingDateTime, '2026-03-01T11:00:00.0000000Z')
    assert.equal(r.statusHistory.approvedDateTime, '2026-03-01T11:00:00.0000000Z')
    assert.deepEqual(r.solutionDetails[0]!.incentives, ['MSFT Internal Azure IP Co-Sell'])
    assert.equal(r.solutionDetails[0]!.name, 'Contoso Ale')
    assert.equal(out.registrationStatus, 'Approved')
  })

  test('currency codes are stored upper-case', () => {
    const edits = { 'contract.currency': 'usd', 'solutionDetails.0.currency': 'eur' }
    const { referral: out } = settleRegistration(referral, withRegistration(referral, given(edits)), write())
    assert.equal(out.registrations[0]!.contract.currency, 'USD')
    assert.equal(out.registrations[0]!.solutionDetails[0]!.currency, 'EUR')
  })

  const readOnly: [string, Readonly<Record<string, unknown>>][] = [
    ['id', { id: 'mine' }],
    ['registrationDateTime', { registrationDateTime: '2026-01-01T00:00:00Z' }],
    ['status', { status: 'Passed' }],
    ['statusReason', { statusReason: 'looks fine' }],
    ['statusHistory.passedDateTime', { 'statusHistory.passedDateTime': '2026-01-01T00:00:00Z' }],
    ['solutionDetails[0].incentives', { 'solutionDetails.0.incentives': ['MSFT Internal Azure IP Co-Sell'] }],
  ]
  for (const [field, edits] of readOnly) {
    test(`${field} in a new registration is refused as read-only (the documented registration rules)`, () => {
      const { problems } = settleRegistration(referral, withRegistration(referral, given(edits)), write())
      assert.deepEqual(
        problems.map((p) => [p.target, p.rule]),
        [[`registrations[0].${field}`, 'readOnly']],
      )
    })
  }

  test('a second registration is refused', () => {
    const r = given()
    const { problems } = settleRegistration(referral, { ...referral, registrations: [r, r] }, write())
    assert.deepEqual(
      problems.map((p) => p.rule),
      ['onePerReferral'],
    )
  })
})

describe('changing a registration (PatchDealRegistrationByReferralId)', () => {
  const change = (before: Referral, edit: (r: Registration) => Registration, at = hours(2)) =>
    settleRegistration(before, withRegistration(before, edit(before.registrations[0]!)), write(at))
  const inStatus = (status: Registration['status'], statusReason: string | null = null): Referral => {
    const out = created()
    return withRegistration(out, { ...out.registrations[0]!, status, statusReason })
  }
  const raise = (r: Registration): Registration => ({ ...r, contract: { ...r.contract, value: 90000 } })

  test('an unchanged registration is left exactly as it was', () => {
    const before = created()
    const { referral: out, problems } = change(before, (r) => r)
    assert.deepEqual(problems, [])
    assert.deepEqual(out, before)
  })

  test('after ActionRequired, an update goes back to review and is approved again, its reason cleared', () => {
    const { referral: out, problems } = change(inStatus('ActionRequired', 'Attach the contract'), raise)
    assert.deepEqual(problems, [])
    const r = out.registrations[0]!
    assert.equal(r.status, 'Approved')
    assert.equal(r.statusReason, null)
    assert.equal(r.contract.value, 90000)
    assert.equal(r.statusHistory.reviewPendingDateTime, '2026-03-01T12:00:00.0000000Z')
    assert.equal(r.statusHistory.approvedDateTime, '2026-03-01T12:00:00.0000000Z')
    assert.equal(r.id, 'b0000000-0000-4000-8000-00000000000b', 'the id stays')
    assert.equal(r.registrationDateTime, '2026-03-01T11:00:00.0000000Z', 'the registration time stays')
  })

  test('an update while ReviewPending is accepted', () => {
    assert.deepEqual(change(inStatus('ReviewPending'), raise).problems, [])
  })

  test('no change after Approved (the CSV upload article)', () => {
    assert.deepEqual(
      change(inStatus('Approved'), raise).problems.map((p) => p.rule),
      ['approved'],
    )
  })

  for (const status of ['Passed', 'Failed', 'Closed'] as const) {
    test(`no change once ${status}, a terminal state`, () => {
      assert.deepEqual(
        change(inStatus(status), raise).problems.map((p) => p.rule),
        ['terminal'],
      )
    })
  }

  test('an update must still pass the rules', () => {
    const { problems } = change(inStatus('ActionRequired', 'x'), (r) => ({
      ...r,
      contract: { ...r.contract, value: 1000 },
    }))
    assert.deepEqual(
      problems.map((p) => p.rule),
      ['minimumAnnualValue'],
    )
  })

  test('a registration cannot be removed', () => {
    const before = created()
    const { problems } = settleRegistration(before, { ...before, registrations: [] }, write())
    assert.deepEqual(
      problems.map((p) => p.rule),
      ['readOnly'],
    )
  })
})

describe("the referral's outcome (docs/lifecycle.md)", () => {
  const close = (before: Referral, substatus: Referral['substatus'], at: Date) =>
    settleRegistration(before, { ...before, status: 'Closed', substatus }, write(at)).referral

  test('Won sooner than 72 hours after creation flags the registration in statusReason', () => {
    const out = close(created(), 'Won', hours(41))
    const r = out.registrations[0]!
    assert.equal(r.status, 'Approved', 'the status is kept')
    assert.match(r.statusReason ?? '', /^Flagged: the deal was marked Won 41 hours after it was created/)
    assert.ok(wonWithin72Hours({ ...out, closedDateTime: '2026-03-03T03:00:00.0000000Z' }))
  })

  test('Won after 72 hours leaves the registration as it was', () => {
    const before = created()
    const out = close(before, 'Won', hours(72))
    assert.deepEqual(out.registrations, before.registrations)
    assert.ok(!wonWithin72Hours({ ...out, closedDateTime: '2026-03-04T10:00:00.0000000Z' }))
  })

  test('Lost closes the registration with the reason', () => {
    const out = close(created(), 'Lost', hours(100))
    assert.equal(out.registrations[0]!.status, 'Closed')
    assert.equal(out.registrations[0]!.statusReason, 'The referral was closed as Lost.')
    assert.equal(out.registrationStatus, 'Closed')
  })

  test('a terminal registration is not touched by the outcome', () => {
    const base = created()
    const passed = withRegistration(base, { ...base.registrations[0]!, status: 'Passed' })
    assert.deepEqual(close(passed, 'Won', hours(1)).registrations, passed.registrations)
  })

  test('a referral without a registration keeps registrationStatus None', () => {
    const out = close(referral, 'Won', hours(1))
    assert.equal(out.registrationStatus, 'None')
    assert.deepEqual(out.registrations, [])
  })
})
