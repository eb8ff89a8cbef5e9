// Reads the transition table and reports every way a requested state breaks it.
import type { Problem } from '../errors.js'
import type { ReferralStatus, ReferralSubstatus } from '../referral/enums.js'
import { serviceOnlySubstatuses, statusRules, substatusesNeedingReason } from './transitions.js'

export interface ReferralState {
  readonly status: ReferralStatus
  readonly substatus: ReferralSubstatus
  readonly statusReason: string | null
}

export type Actor = 'partner' | 'service'

/** Problems with moving from `from` to `to`; an empty list means the move is allowed. */
export function checkTransition(from: ReferralState, to: ReferralState, actor: Actor): Problem[] {
  if (from.status === to.status && from.substatus === to.substatus) return checkState(to, actor, from)
  if (from.status === 'Closed') {
    return [
      {
        target: 'status',
        rule: 'terminal',
        message: `The referral is Closed/${from.substatus}, a terminal state: its status can no longer change.`,
      },
    ]
  }
  const allowed = statusRules[from.status].next
  if (!allowed.includes(to.status)) {
    return [
      {
        target: 'status',
        rule: 'transition',
        message: `status cannot move from ${from.status} to ${to.status}; allowed: ${allowed.join(', ')}.`,
        allowedValues: allowed,
      },
    ]
  }
  return checkState(to, actor, from)
}

/** Problems with a state on its own: substatus matches status, a reason where one is needed. */
export function checkState(state: ReferralState, actor: Actor, from?: ReferralState): Problem[] {
  const problems: Problem[] = []
  const substatuses = statusRules[state.status].substatuses
  if (state.status === 'None') {
    problems.push({
      target: 'status',
      rule: 'enum',
      message: 'status None cannot be set.',
      allowedValues: ['New', 'Active', 'Closed'],
    })
  } else if (!substatuses.includes(state.substatus)) {
    problems.push({
      target: 'substatus',
      rule: 'transition',
      message: `substatus ${state.substatus} is not allowed with status ${state.status}; allowed: ${substatuses.join(', ')}.`,
      allowedValues: substatuses,
    })
  }
  const changed = !from || from.substatus !== state.substatus
  if (actor === 'partner' && changed && serviceOnlySubstatuses.includes(state.substatus)) {
    problems.push({
      target: 'substatus',
      rule: 'serviceOnly',
      message: `substatus ${state.substatus} is set by the service when an incoming referral is not acted on within 14 days.`,
    })
  }
  if (substatusesNeedingReason.includes(state.substatus) && !state.statusReason?.trim()) {
    problems.push({
      target: 'statusReason',
      rule: 'required',
      message: `statusReason is required when substatus is ${state.substatus}.`,
    })
  }
  return problems
}
