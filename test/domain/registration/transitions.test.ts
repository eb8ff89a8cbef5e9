import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { complete } from '../../../src/domain/referral/complete.js'
import { registrationStatuses } from '../../../src/domain/referral/enums.js'
import { RegistrationSchema, type Registration } from '../../../src/domain/referral/registration-schema.js'
import { actionsFrom, moveRegistration } from '../../../src/domain/registration/move-registration.js'
import {
  actionRules,
  historyFieldOf,
  registrationActions,
  terminalStatuses,
  type RegistrationActor,
} from '../../../src/domain/registration/transitions.js'

const at = new Date('2026-03-04T09:30:00.000Z')
const actors: RegistrationActor[] = ['partner', 'microsoft', 'service']
const registration = (status: Registration['status']): Registration => ({
  ...complete<Registration>(RegistrationSchema, {}),
  status,
  statusReason: 'earlier reason',
})

describe('every (status, action, actor) of the review table (spec §9.1)', () => {
  for (const status of registrationStatuses) {
    for (const action of registrationActions) {
      for (const by of actors) {
        const rule = actionRules[action]
        const allowed = rule.from.includes(status) && rule.by.includes(by)
        test(`${by} ${action} from ${status} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const outcome = moveRegistration(registration(status), { action, by, at, statusReason: 'why' })
          assert.equal('registration' in outcome, allowed, JSON.stringify(outcome))
          if (!('registration' in outcome)) return
          assert.equal(outcome.registration.status, rule.to)
          const field = historyFieldOf(rule.to)
          if (field) assert.equal(outcome.registration.statusHistory[field], '2026-03-04T09:30:00.0000000Z')
          assert.equal(outcome.registration.statusReason, 'why')
        })
      }
    }
  }
})

describe('the table itself', () => {
  test('terminal statuses allow no action, and every open status allows some', () => {
    for (const status of registrationStatuses) {
      const actions = actionsFrom(status)
      if (terminalStatuses.includes(status)) assert.deepEqual(actions, [], status)
      else assert.ok(actions.length > 0, status)
    }
  })

  test('only the partner submits and updates; Microsoft passes, fails and sends back', () => {
    assert.deepEqual(actionRules.submit.by, ['partner'])
    assert.deepEqual(actionRules.update.by, ['partner'])
    for (const action of ['pass', 'fail', 'requireAction'] as const)
      assert.deepEqual(actionRules[action].by, ['microsoft'])
  })

  test('an update is possible only while ReviewPending or ActionRequired (D-BULK: nothing after Approved)', () => {
    assert.deepEqual(actionRules.update.from, ['ReviewPending', 'ActionRequired'])
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
