// The deal-registration step of a partner's write (PATCH, PUT): what changed in `registrations`,
// whether the partner may change it, the registration rules, and the fields the service owns (id,
// dates, status, statusHistory, incentives, top-level registrationStatus). Also what a referral's
// outcome does to its registration: Won within 72 hours flags it (docs/deal-registrations.md), any
// other close closes it.
import type { Problem } from '../errors.js'
import type { SolutionProfile } from '../organization/organization.js'
import { formatServerDateTime, parseIsoDateTime } from '../referral/date-time.js'
import type { Registration } from '../referral/registration-schema.js'
import type { Referral } from '../referral/schema.js'
import { computedIncentive, eligibleProfile } from './eligibility.js'
import { moveRegistration, type Move } from './move-registration.js'
import { checkRegistration } from './registration-rules.js'
import { terminalStatuses } from './transitions.js'
import type { UsdRates } from './usd-rates.js'
import { wonEarlyNote } from './won-early.js'

export interface RegistrationWrite {
  readonly at: Date
  /** A new registration id (a GUID from the ids port). */
  readonly newId: () => string
  readonly solutionProfiles: readonly SolutionProfile[]
  readonly usdRates: UsdRates
}

export interface Settled {
  readonly referral: Referral
  readonly problems: Problem[]
}

export function settleRegistration(current: Referral, candidate: Referral, w: RegistrationWrite): Settled {
  const before = current.registrations[0]
  const given = candidate.registrations[0]
  if (candidate.registrations.length > 1) return { referral: candidate, problems: [onePerReferral()] }
  if (before && !given)
    return {
      referral: candidate,
      problems: [readOnly('registrations', 'a deal registration cannot be removed')],
    }

  let registration = given && canonical(given)
  if (registration && !sameJson(registration, before)) {
    const problems = before ? editProblems(before, registration) : createProblems(registration)
    if (problems.length === 0)
      problems.push(
        ...checkRegistration(registration, {
          referral: candidate,
          solutionProfiles: w.solutionProfiles,
          usdRates: w.usdRates,
        }),
      )
    if (problems.length > 0) return { referral: candidate, problems }
    registration = submitted(withServerFields(registration, before, w), w)
  }
  if (registration) registration = outcomeOf(current, candidate, registration, w.at)
  return {
    referral: {
      ...candidate,
      registrations: registration ? [registration] : [],
      registrationStatus: registration?.status ?? 'None',
    },
    problems: [],
  }
}

/** The partner's (re)submission: ReviewPending, then assessed at once (the documented registration model "auto-approved on
 *  initial assessment"); every registration rule has already passed, so the assessment approves. */
function submitted(r: Registration, w: RegistrationWrite): Registration {
  const move = (registration: Registration, m: Move) => {
    const outcome = moveRegistration(registration, m)
    if ('problems' in outcome) throw new Error(`table refused ${m.action}: ${outcome.problems[0]?.message}`)
    return outcome.registration
  }
  const pending = move(r, { action: r.status === 'None' ? 'submit' : 'update', by: 'partner', at: w.at })
  return move(pending, { action: 'approve', by: 'service', at: w.at })
}

/** A new registration gets its id and time; names and incentives follow the solution profiles. */
function withServerFields(
  r: Registration,
  before: Registration | undefined,
  w: RegistrationWrite,
): Registration {
  return {
    ...r,
    id: before ? r.id : w.newId(),
    registrationDateTime: before ? r.registrationDateTime : formatServerDateTime(w.at),
    solutionDetails: r.solutionDetails.map((s) => {
      const profile = s.id === null ? undefined : eligibleProfile(w.solutionProfiles, s.id)
      return { ...s, name: s.name ?? profile?.name ?? null, incentives: profile ? [computedIncentive] : [] }
    }),
  }
}

/** Won within 72 hours of creation flags the registration; any other close closes it. */
function outcomeOf(current: Referral, candidate: Referral, r: Registration, at: Date): Registration {
  const closing = candidate.status === 'Closed' && current.status !== 'Closed'
  if (!closing || terminalStatuses.includes(r.status)) return r
  if (candidate.substatus === 'Won') {
    const note = wonEarlyNote(parseIsoDateTime(candidate.createdDateTime), at)
    return note ? { ...r, statusReason: note } : r
  }
  const outcome = moveRegistration(r, {
    action: 'close',
    by: 'service',
    at,
    statusReason: `The referral was closed as ${candidate.substatus}.`,
  })
  return 'registration' in outcome ? outcome.registration : r
}

const serverFields = ['id', 'registrationDateTime', 'status', 'statusReason', 'statusHistory'] as const

function createProblems(r: Registration): Problem[] {
  const set: string[] = []
  if (r.id !== null) set.push('id')
  if (r.registrationDateTime !== null) set.push('registrationDateTime')
  if (r.status !== 'None') set.push('status')
  if (r.statusReason !== null) set.push('statusReason')
  for (const [name, value] of Object.entries(r.statusHistory))
    if (value !== null) set.push(`statusHistory.${name}`)
  r.solutionDetails.forEach((s, i) => {
    if (s.incentives.length > 0) set.push(`solutionDetails[${i}].incentives`)
  })
  return set.map((field) => readOnly(`registrations[0].${field}`, 'the service sets it'))
}

function editProblems(before: Registration, after: Registration): Problem[] {
  const changed: string[] = serverFields.filter((field) => !sameJson(before[field], after[field]))
  after.solutionDetails.forEach((s, i) => {
    const was = before.solutionDetails[i]?.incentives ?? []
    if (s.incentives.length > 0 && !sameJson(s.incentives, was))
      changed.push(`solutionDetails[${i}].incentives`)
  })
  if (changed.length > 0) return changed.map((f) => readOnly(`registrations[0].${f}`, 'the service sets it'))
  if (terminalStatuses.includes(before.status))
    return [
      {
        target: 'registrations[0]',
        rule: 'terminal',
        message: `The deal registration is ${before.status}, a terminal state: no further changes are allowed.`,
      },
    ]
  if (before.status === 'Approved')
    return [
      {
        target: 'registrations[0]',
        rule: 'approved',
        message:
          'The deal registration is Approved: it cannot be changed after approval unless Microsoft sends it back as ActionRequired.',
      },
    ]
  return []
}

/** ISO codes are matched in any case and stored upper-case, as the service emits them. */
function canonical(r: Registration): Registration {
  const upper = (code: string | null) => code?.trim().toUpperCase() ?? null
  return {
    ...r,
    contract: { ...r.contract, currency: upper(r.contract.currency) },
    solutionDetails: r.solutionDetails.map((s) => ({ ...s, currency: upper(s.currency) })),
  }
}

function onePerReferral(): Problem {
  return {
    target: 'registrations',
    rule: 'onePerReferral',
    message: 'A referral holds at most one deal registration; change it through /registrations/0/… instead.',
  }
}

function readOnly(target: string, why: string): Problem {
  return { target, rule: 'readOnly', message: `${target} is read-only: ${why}.` }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
