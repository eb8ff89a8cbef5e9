// Expectations are docs/lifecycle.md's review table, written here as literals: they are never
// read from the table the code decides with, so an action added to or dropped from the code (or
// the page) fails here.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { complete } from '../../../src/domain/referral/complete.js'
import { RegistrationSchema, type Registration } from '../../../src/domain/referral/registration-schema.js'
import { actionsFrom, moveRegistration } from '../../../src/domain/registration/move-registration.js'
import type { RegistrationAction, RegistrationActor } from '../../../src/domain/registration/transitions.js'

const at = new Date('2026-03-04T09:30:00.000Z')
const registration = (status: Registration['status']): Registration => ({
  ...complete<Registration>(RegistrationSchema, {}),
  status,
  statusReason: 'earlier reason',
})

const statuses: Registration['status'][] = [
  'None',
  'ReviewPending',
  'ActionRequired',
  'Approved',
  'Failed',
  'Passed',
  'Closed',
]
const actions: RegistrationAction[] = [
  'submit',
  'update',
  'approve',
  'requireAction',
  'pass',
  'fail',
  'close',
]
const actors: RegistrationActor[] = ['partner', 'microsoft', 'service']
const open: Registration['status'][] = ['ReviewPending', 'Approved', 'ActionRequired']

/** docs/lifecycle.md, "Deal-registration review": each action's rows. */
const review: Record<
  RegistrationAction,
  { from: string[]; to: Registration['status']; by: RegistrationActor[] }
> = {
  submit: { from: ['None'], to: 'ReviewPending', by: ['partner'] },
  update: { from: ['ReviewPending', 'ActionRequired'], to: 'ReviewPending', by: ['partner'] },
  approve: { from: ['ReviewPending'], to: 'Approved', by: ['service', 'microsoft'] },
  requireAction: { from: ['ReviewPending', 'Approved'], to: 'ActionRequired', by: ['microsoft'] },
  pass: { from: ['ReviewPending', 'Approved'], to: 'Passed', by: ['microsoft'] },
  fail: { from: open, to: 'Failed', by: ['microsoft'] },
  close: { from: open, to: 'Closed', by: ['microsoft', 'service'] },
}

/** docs/lifecycle.md: the statusHistory member each status stamps (Closed and None have none). */
const historyMember: Partial<Record<Registration['status'], keyof Registration['statusHistory']>> = {
  ReviewPending: 'reviewPendingDateTime',
  ActionRequired: 'actionRequiredDateTime',
  Approved: 'approvedDateTime',
  Passed: 'passedDateTime',
  Failed: 'failedDateTime',
}

describe('every (status, action, actor) of the review table in docs/lifecycle.md', () => {
  for (const status of statuses) {
    for (const action of actions) {
      for (const by of actors) {
        const row = review[action]
        const allowed = row.from.includes(status) && row.by.includes(by)
        test(`${by} ${action} from ${status} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const outcome = moveRegistration(registration(status), { action, by, at, statusReason: 'why' })
          assert.equal('registration' in outcome, allowed, JSON.stringify(outcome))
          if (!('registration' in outcome)) return
          assert.equal(outcome.registration.status, row.to)
          const member = historyMember[row.to]
          if (member) assert.equal(outcome.registration.statusHistory[member], '2026-03-04T09:30:00.0000000Z')
          assert.equal(outcome.registration.statusReason, 'why')
        })
      }
    }
  }
})

describe('actionsFrom', () => {
  // docs/lifecycle.md: "From each status, that leaves"
  const expected: Record<Registration['status'], RegistrationAction[]> = {
    None: ['submit'],
    ReviewPending: ['update', 'approve', 'requireAction', 'pass', 'fail', 'close'],
    Approved: ['requireAction', 'pass', 'fail', 'close'],
    ActionRequired: ['update', 'fail', 'close'],
    Passed: [],
    Failed: [],
    Closed: [],
  }
  for (const status of statuses)
    test(`${status} allows ${expected[status].join(', ') || 'nothing (terminal)'}`, () => {
      assert.deepEqual(actionsFrom(status), expected[status])
    })
})

describe('moveRegistration', () => {
  test('sending back and failing need a reason; the problem names statusReason', () => {
    for (const action of ['requireAction', 'fail'] as const) {
      const outcome = moveRegistration(registration('Approved'), {
        action,
        by: 'microsoft',
        at,
        statusReason: '  ',
      })
      assert.ok('problems' in outcome)
      assert.deepEqual(
        outcome.problems.map((p) => [p.target, p.rule]),
        [['statusReason', 'required']],
      )
    }
  })

  test('a move without a reason clears the earlier one', () => {
    const outcome = moveRegistration(registration('Approved'), { action: 'pass', by: 'microsoft', at })
    assert.ok('registration' in outcome)
    assert.equal(outcome.registration.statusReason, null)
  })

  test('a terminal registration answers rule terminal; another wrong status lists the allowed actions', () => {
    const terminal = moveRegistration(registration('Passed'), {
      action: 'fail',
      by: 'microsoft',
      at,
      statusReason: 'x',
    })
    assert.ok('problems' in terminal)
    assert.equal(terminal.problems[0]?.rule, 'terminal')
    const wrong = moveRegistration(registration('ActionRequired'), { action: 'pass', by: 'microsoft', at })
    assert.ok('problems' in wrong)
    assert.equal(wrong.problems[0]?.rule, 'transition')
    assert.deepEqual(wrong.problems[0]?.allowedValues, ['update', 'fail', 'close'])
  })

  test('Closed records no statusHistory time (the history has no member for it)', () => {
    const outcome = moveRegistration(registration('Approved'), { action: 'close', by: 'service', at })
    assert.ok('registration' in outcome)
    assert.deepEqual(outcome.registration.statusHistory, registration('Approved').statusHistory)
  })
})
