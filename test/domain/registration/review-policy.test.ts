import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { readValue } from '../../../src/domain/read-value.js'
import { complete } from '../../../src/domain/referral/complete.js'
import { RegistrationSchema, type Registration } from '../../../src/domain/referral/registration-schema.js'
import { ReferralSchema, type Referral } from '../../../src/domain/referral/schema.js'
import {
  dueReview,
  policyProblems,
  ReviewPolicySchema,
  type ReviewPolicy,
} from '../../../src/domain/registration/review-policy.js'
import { seededDraw } from '../../../src/domain/seeded-draw.js'

const approvedAt = '2026-03-06T10:00:00.0000000Z' // a Friday

function approved(i: number, extra: Partial<Referral> = {}): Referral {
  const registration: Registration = {
    ...complete<Registration>(RegistrationSchema, {}),
    id: `reg-${i}`,
    status: 'Approved',
    statusHistory: {
      ...complete<Registration>(RegistrationSchema, {}).statusHistory,
      approvedDateTime: approvedAt,
    },
  }
  return {
    ...complete<Referral>(ReferralSchema, {}),
    id: `ref-${i}`,
    createdDateTime: '2026-03-01T10:00:00.0000000Z',
    registrations: [registration],
    registrationStatus: 'Approved',
    ...extra,
  }
}

const policy = (body: unknown): ReviewPolicy => {
  const { value, problems } = readValue(ReviewPolicySchema, body)
  assert.deepEqual([...problems, ...policyProblems(value)], [])
  return value
}

const passOrFail = policy({
  seed: '42',
  rules: [
    {
      status: 'Approved',
      afterBusinessDays: 3,
      outcomes: [
        { action: 'fail', share: 0.1, statusReason: 'Customer consumption could not be verified.' },
        { action: 'pass', share: 0.9 },
      ],
    },
  ],
})

describe('dueReview: "pass 3 business days after approval, fail 10% with a reason"', () => {
  test('nothing is due before three business days (Friday → Wednesday)', () => {
    assert.equal(dueReview(approved(1), passOrFail, new Date('2026-03-11T09:59:59.000Z')), undefined)
    assert.ok(dueReview(approved(1), passOrFail, new Date('2026-03-11T10:00:00.000Z')))
  })

  test('about one in ten fails, with the reason; the rest pass', () => {
    const at = new Date('2026-03-20T00:00:00.000Z')
    const reviews = Array.from({ length: 1000 }, (_, i) => dueReview(approved(i), passOrFail, at)!)
    const failed = reviews.filter((r) => r.action === 'fail')
    assert.ok(failed.length > 70 && failed.length < 130, `${failed.length} of 1000 failed`)
    assert.ok(failed.every((r) => r.statusReason === 'Customer consumption could not be verified.'))
    assert.equal(reviews.filter((r) => r.action === 'pass').length, 1000 - failed.length)
  })

  test('the same seed picks the same registrations, whatever the time of the run; another seed picks others', () => {
    const pick = (p: ReviewPolicy, at: string) =>
      Array.from({ length: 200 }, (_, i) => dueReview(approved(i), p, new Date(at))!.action).join()
    assert.equal(pick(passOrFail, '2026-03-12T00:00:00Z'), pick(passOrFail, '2026-06-01T00:00:00Z'))
    assert.notEqual(
      pick(passOrFail, '2026-03-12T00:00:00Z'),
      pick({ ...passOrFail, seed: '43' }, '2026-03-12T00:00:00Z'),
    )
  })

  test('a registration in a status no rule names is left alone', () => {
    const r = approved(1)
    const pending = { ...r, registrations: [{ ...r.registrations[0]!, status: 'ActionRequired' as const }] }
    assert.equal(dueReview(pending, passOrFail, new Date('2027-01-01T00:00:00Z')), undefined)
  })

  test('shares under 1 leave the rest for manual review', () => {
    const some = policy({ rules: [{ afterBusinessDays: 0, outcomes: [{ action: 'pass', share: 0 }] }] })
    assert.equal(dueReview(approved(1), some, new Date('2027-01-01T00:00:00Z')), undefined)
  })

  test('a rule for deals won within 72 hours comes first and fails them (the 72-hour rule as configured)', () => {
    const strict = policy({
      rules: [
        {
          wonWithin72Hours: true,
          outcomes: [{ action: 'fail', statusReason: 'Won within 72 hours of creation.' }],
        },
        { outcomes: [{ action: 'pass' }] },
      ],
    })
    const wonEarly = approved(1, {
      status: 'Closed',
      substatus: 'Won',
      closedDateTime: '2026-03-02T10:00:00.0000000Z',
    })
    const wonLate = approved(2, {
      status: 'Closed',
      substatus: 'Won',
      closedDateTime: '2026-03-05T10:00:00.0000000Z',
    })
    const at = new Date('2026-03-07T00:00:00Z')
    assert.deepEqual(dueReview(wonEarly, strict, at), {
      action: 'fail',
      statusReason: 'Won within 72 hours of creation.',
    })
    assert.deepEqual(dueReview(wonLate, strict, at), { action: 'pass', statusReason: null })
  })
})

describe('policyProblems', () => {
  const problemsOf = (body: unknown) => {
    const { value, problems } = readValue(ReviewPolicySchema, body)
    return [...problems, ...policyProblems(value)].map((p) => `${p.target} ${p.rule}`)
  }

  test('an outcome the lifecycle table refuses from the status is named, with the allowed actions', () => {
    assert.deepEqual(problemsOf({ rules: [{ status: 'ActionRequired', outcomes: [{ action: 'pass' }] }] }), [
      'rules[0].outcomes[0].action transition',
    ])
  })

  test('fail and requireAction need a reason', () => {
    assert.deepEqual(problemsOf({ rules: [{ outcomes: [{ action: 'requireAction' }] }] }), [
      'rules[0].outcomes[0].statusReason required',
    ])
  })

  test('shares may not add up to more than 1', () => {
    assert.deepEqual(
      problemsOf({
        rules: [
          {
            outcomes: [
              { action: 'pass', share: 0.6 },
              { action: 'close', share: 0.6 },
            ],
          },
        ],
      }),
      ['rules[0].outcomes share'],
    )
  })

  test('an unknown action or status is an enum problem', () => {
    assert.deepEqual(
      problemsOf({ rules: [{ status: 'Passed', outcomes: [{ action: 'celebrate' }] }] }).sort(),
      ['rules[0].outcomes[0].action enum', 'rules[0].status enum'],
    )
  })
})

test('seededDraw is stable across runs and machines', () => {
  // fixed values: the same on every machine and Node version (integer arithmetic only)
  assert.equal(seededDraw('42', 'reg-1'), 0.4832488028332591)
  assert.equal(seededDraw('cosell', 'x'), 0.5314793195575476)
  assert.notEqual(seededDraw('42', 'reg-1'), seededDraw('42', 'reg-2'))
  const draws = Array.from({ length: 1000 }, (_, i) => seededDraw('s', String(i)))
  assert.ok(draws.every((d) => d >= 0 && d < 1))
})
