import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addBusinessDays } from '../../../src/domain/microsoft/business-days.js'
import { decide, MicrosoftPolicySchema, type MicrosoftPolicy } from '../../../src/domain/microsoft/policy.js'
import { readValue } from '../../../src/domain/read-value.js'
import type { Referral } from '../../../src/domain/referral/schema.js'

const policy = (change: object = {}): MicrosoftPolicy =>
  readValue(MicrosoftPolicySchema, { mode: 'scripted', ...change }).value

const referral = (id: string, change: Partial<Referral> = {}): Referral =>
  ({
    id,
    status: 'New',
    createdDateTime: '2026-03-06T10:00:00.0000000Z',
    acceptedDateTime: null,
    ...change,
  }) as Referral

test('business days skip the weekend', () => {
  // Friday + 2 business days is Tuesday
  assert.equal(addBusinessDays(new Date('2026-03-06T10:00:00Z'), 2).toISOString(), '2026-03-10T10:00:00.000Z')
  assert.equal(addBusinessDays(new Date('2026-03-06T10:00:00Z'), 0).toISOString(), '2026-03-06T10:00:00.000Z')
})

test('manual mode never acts', () => {
  assert.equal(decide(policy({ mode: 'manual' }), referral('a'), new Date('2027-01-01')), undefined)
})

test('a scripted policy responds only after the business days have passed', () => {
  assert.equal(decide(policy(), referral('a'), new Date('2026-03-09T10:00:00Z')), undefined) // Monday: one business day
  assert.notEqual(decide(policy(), referral('a'), new Date('2026-03-10T10:00:00Z')), undefined)
})

test('about the decline rate declines, with reasons from the list, the same under the same seed', () => {
  const when = new Date('2026-04-01T00:00:00Z')
  const ids = Array.from({ length: 2000 }, (_, i) => `referral-${i}`)
  const outcomes = (seed: number) => ids.map((id) => decide(policy({ seed }), referral(id), when))
  const first = outcomes(7)
  assert.deepEqual(outcomes(7), first)
  assert.notDeepEqual(outcomes(8), first)
  const declined = first.filter((d) => d?.action === 'decline')
  assert.ok(
    declined.length > 300 && declined.length < 500,
    `${declined.length} of 2000 declined at a 20% rate`,
  )
  assert.ok(declined.every((d) => d?.action === 'decline' && d.statusReason.length > 0))
  assert.equal(
    ids
      .map((id) => decide(policy({ declineRate: 0 }), referral(id), when))
      .filter((d) => d?.action === 'decline').length,
    0,
  )
})

test('an accepted referral is closed Won or Lost after the configured business days', () => {
  const accepted = referral('b', { status: 'Active', acceptedDateTime: '2026-03-02T00:00:00.0000000Z' })
  assert.equal(decide(policy(), accepted, new Date('2027-01-01')), undefined) // closeAfterBusinessDays null: never
  const closing = policy({ closeAfterBusinessDays: 5, winRate: 1 })
  assert.equal(decide(closing, accepted, new Date('2026-03-06T00:00:00Z')), undefined)
  assert.deepEqual(decide(closing, accepted, new Date('2026-03-09T00:00:00Z')), {
    action: 'close',
    outcome: 'Won',
  })
})
