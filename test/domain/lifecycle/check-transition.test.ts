import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  checkState,
  checkTransition,
  type ReferralState,
} from '../../../src/domain/lifecycle/check-transition.js'
import { statusRules } from '../../../src/domain/lifecycle/transitions.js'
import { referralStatuses, referralSubstatuses } from '../../../src/domain/referral/enums.js'

const state = (status: string, substatus: string, statusReason: string | null = 'a reason'): ReferralState =>
  ({ status, substatus, statusReason }) as ReferralState

// Every (from, to) pair of the spec §6.1 table, with the verdict the table gives.
const validStates = referralStatuses.flatMap((status) =>
  statusRules[status].substatuses.filter((s) => s !== 'Expired').map((substatus) => state(status, substatus)),
)

describe('checkTransition against the spec §6.1 table', () => {
  for (const from of validStates.filter((s) => s.status !== 'None')) {
    for (const to of validStates.filter((s) => s.status !== 'None')) {
      const same = from.status === to.status && from.substatus === to.substatus
      const allowed = same || (from.status !== 'Closed' && statusRules[from.status].next.includes(to.status))
      test(`${from.status}/${from.substatus} → ${to.status}/${to.substatus} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const problems = checkTransition(from, to, 'partner')
        assert.equal(problems.length === 0, allowed, JSON.stringify(problems))
      })
    }
  }
})

describe('checkState', () => {
  test('a substatus that does not belong to the status is refused with the allowed values', () => {
    for (const status of ['New', 'Active', 'Closed'] as const) {
      for (const substatus of referralSubstatuses) {
        const problems = checkState(state(status, substatus), 'service')
        const fits = statusRules[status].substatuses.includes(substatus)
        assert.equal(
          problems.some((p) => p.rule === 'transition'),
          !fits,
          `${status}/${substatus}`,
        )
        if (!fits)
          assert.deepEqual(
            problems.find((p) => p.rule === 'transition')?.allowedValues,
            statusRules[status].substatuses,
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

test('a Closed referral cannot change status or substatus', () => {
  const problems = checkTransition(state('Closed', 'Won'), state('Closed', 'Lost'), 'partner')
  assert.equal(problems[0]?.rule, 'terminal')
})
