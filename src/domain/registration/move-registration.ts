// Takes one action of the review lifecycle (transitions.ts) on a registration: the new status, its
// statusHistory time and the statusReason, or the problems that stop it.
import type { Problem } from '../errors.js'
import { formatServerDateTime } from '../referral/date-time.js'
import type { Registration } from '../referral/registration-schema.js'
import {
  actionRules,
  historyFieldOf,
  terminalStatuses,
  type RegistrationAction,
  type RegistrationActor,
} from './transitions.js'

export interface Move {
  readonly action: RegistrationAction
  readonly by: RegistrationActor
  readonly at: Date
  /** Replaces statusReason; absent or blank clears it. */
  readonly statusReason?: string | null | undefined
}

export type MoveOutcome = { registration: Registration } | { problems: Problem[] }

export function moveRegistration(registration: Registration, move: Move): MoveOutcome {
  const rule = actionRules[move.action]
  const reason = move.statusReason?.trim() || null
  const problems: Problem[] = []
  if (!rule.by.includes(move.by))
    problems.push({
      target: 'action',
      rule: 'actor',
      message: `Only ${rule.by.join(' or ')} may ${move.action} a deal registration.`,
    })
  if (!rule.from.includes(registration.status)) problems.push(notFrom(registration, move.action))
  if (rule.needsReason && reason === null)
    problems.push({
      target: 'statusReason',
      rule: 'required',
      message: `statusReason is required to ${move.action} a deal registration: the partner is told why.`,
    })
  if (problems.length > 0) return { problems }

  const field = historyFieldOf(rule.to)
  return {
    registration: {
      ...registration,
      status: rule.to,
      statusReason: reason,
      statusHistory: field
        ? { ...registration.statusHistory, [field]: formatServerDateTime(move.at) }
        : registration.statusHistory,
    },
  }
}

/** The actions that `status` allows, for error messages and the admin API. */
export function actionsFrom(status: Registration['status']): RegistrationAction[] {
  return (Object.keys(actionRules) as RegistrationAction[]).filter((a) =>
    actionRules[a].from.includes(status),
  )
}

function notFrom(registration: Registration, action: RegistrationAction): Problem {
  const status = registration.status
  if (terminalStatuses.includes(status))
    return {
      target: 'registrations[0].status',
      rule: 'terminal',
      message: `The deal registration is ${status}, a terminal state: no further changes are allowed.`,
    }
  const allowed = actionsFrom(status)
  return {
    target: 'registrations[0].status',
    rule: 'transition',
    message: `A deal registration that is ${status} cannot ${action}; allowed: ${allowed.join(', ') || 'none'}.`,
    allowedValues: allowed,
  }
}
