// Expectations are docs/lifecycle.md's tables, written here as literals: they are never read
// from the transition table the code decides with, so a transition added to or dropped from the
// code (or the page) fails here.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  checkState,
  checkTransition,
  type ReferralState,
} from '../../../src/domain/lifecycle/check-transition.js'

const state = (status: string, substatus: string, statusReason: string | null = 'a reason'): ReferralState =>
  ({ status, substatus, statusReason }) as ReferralState

/** docs/lifecycle.md: the substatuses each status allows. */
const substatusesOf: Record<'New' | 'Active' | 'Closed', string[]> = {
  New: ['Pending', 'Received'],
  Active: ['Accepted'],
  Closed: ['Won', 'Lost', 'Declined', 'Expired', 'Error'],
}
const allSubstatuses = [
  'None',
  'Pending',
  'Received',
  'Accepted',
  'Won',
  'Lost',
  'Declined',
  'Expired',
  'Error',
]

const states = [
  'New/Pending',
  'New/Received',
  'Active/Accepted',
  'Closed/Won',
  'Closed/Lost',
  'Closed/Declined',
  'Closed/Expired',
  'Closed/Error',
]
const open = ['New/Pending', 'New/Received', 'Active/Accepted']
const partnerClosings = ['Closed/Won', 'Closed/Lost', 'Closed/Declined', 'Closed/Error']

/** docs/lifecycle.md: every move a partner may make, by current state; all others are refused. */
const partnerMoves: Record<string, string[]> = {
  'New/Pending': [...open, ...partnerClosings],
  'New/Received': [...open, ...partnerClosings],
  'Active/Accepted': ['Active/Accepted', ...partnerClosings],
  'Closed/Won': ['Closed/Won'],
  'Closed/Lost': ['Closed/Lost'],
  'Closed/Declined': ['Closed/Declined'],
  'Closed/Expired': ['Closed/Expired'],
  'Closed/Error': ['Closed/Error'],
}

const parse = (text: string) => {
  const [status = '', substatus = ''] = text.split('/')
  return state(status, substatus)
}

describe('checkTransition: every pair of states, as docs/lifecycle.md tables it', () => {
  for (const from of states) {
    for (const to of states) {
      const allowed = partnerMoves[from]?.includes(to) ?? false
      test(`a partner moving ${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const problems = checkTransition(parse(from), parse(to), 'partner')
        assert.equal(problems.length === 0, allowed, JSON.stringify(problems))
      })
    }
  }

  test('the service expires a New referral (Closed/Expired), which a partner may not', () => {
    for (const from of ['New/Pending', 'New/Received']) {
      assert.deepEqual(checkTransition(parse(from), parse('Closed/Expired'), 'service'), [], from)
      assert.equal(checkTransition(parse(from), parse('Closed/Expired'), 'partner')[0]?.rule, 'serviceOnly')
    }
  })

  test('a move out of Closed names rule terminal; a backward move lists the statuses allowed', () => {
    assert.equal(checkTransition(parse('Closed/Won'), parse('Closed/Lost'), 'partner')[0]?.rule, 'terminal')
    const backward = checkTransition(parse('Active/Accepted'), parse('New/Pending'), 'partner')
    assert.deepEqual(
      backward.map((p) => [p.target, p.rule, p.allowedValues]),
      [['status', 'transition', ['Active', 'Closed']]],
    )
  })
})

describe('checkState', () => {
  test('a substatus that does not belong to the status is refused with the allowed values', () => {
    for (const status of ['New', 'Active', 'Closed'] as const) {
      for (const substatus of allSubstatuses) {
        const problems = checkState(state(status, substatus), 'service')
        const fits = substatusesOf[status].includes(substatus)
        assert.equal(
          problems.some((p) => p.rule === 'transition'),
          !fits,
          `${status}/${substatus}`,
        )
        if (!fits)
          assert.deepEqual(
            problems.find((p) => p.rule === 'transition')?.allowedValues,
            substatusesOf[status],
          )
      }
    }
  })

  test('Lost, Declined and Error need a statusReason; Won does not', () => {
    for (const substatus of ['Lost', 'Declined', 'Error']) {
      const problems = checkState(state('Closed', substatus, null), 'partner')
      assert.deepEqual(
        problems.map((p) => [p.target, p.rule]),
        [['statusReason', 'required']],
      )
      assert.deepEqual(checkState(state('Closed', substatus, '  '), 'partner').length, 1)
    }
    assert.deepEqual(checkState(state('Closed', 'Won', null), 'partner'), [])
  })

  test('only the service may set Expired', () => {
    assert.equal(checkState(state('Closed', 'Expired'), 'partner')[0]?.rule, 'serviceOnly')
    assert.deepEqual(checkState(state('Closed', 'Expired'), 'service'), [])
  })

  test('status None can never be set', () => {
    assert.equal(checkState(state('None', 'None'), 'partner')[0]?.rule, 'enum')
  })
})
