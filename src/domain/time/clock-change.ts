// The body of `POST /_cosell/clock`: exactly one of advance, set, freeze, resume. Read by hand
// rather than through the schema pipeline, because `set` keeps its fraction of a second and an
// unknown or misspelt action must be named, not ignored.
import Type from 'typebox'
import type { Problem } from '../errors.js'
import { parseIsoDateTime } from '../referral/date-time.js'
import { parseDuration } from './duration.js'
import type { ClockChange } from './virtual-time.js'

export const ClockChangeSchema = Type.Object(
  {
    advance: Type.Optional(
      Type.String({
        description:
          'Move the clock forward by an ISO-8601 duration, e.g. P14DT1H. Negative durations are refused: stored referrals were stamped by this clock.',
        examples: ['P14DT1H'],
      }),
    ),
    set: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Move the clock to this instant; never earlier than now.',
      }),
    ),
    freeze: Type.Optional(Type.Literal(true, { description: 'Stop the clock at its current instant.' })),
    resume: Type.Optional(
      Type.Literal(true, { description: 'Let a frozen clock run on from where it stands.' }),
    ),
  },
  { $id: 'ClockChange', additionalProperties: false, minProperties: 1, maxProperties: 1 },
)

const actions = ['advance', 'set', 'freeze', 'resume'] as const

export function readClockChange(body: unknown): { change?: ClockChange; problems: Problem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      problems: [
        problem('body', 'type', 'The body must be a JSON object with one of advance, set, freeze, resume.'),
      ],
    }
  }
  const entries = Object.entries(body)
  const unknown = entries.filter(([key]) => !(actions as readonly string[]).includes(key))
  const problems = unknown.map(([key]) =>
    problem(key, 'unknown', `'${key}' is not a clock action; use one of ${actions.join(', ')}.`, actions),
  )
  const known = entries.filter(([key]) => (actions as readonly string[]).includes(key))
  if (known.length !== 1 && problems.length === 0) {
    problems.push(
      problem(
        known[1]?.[0] ?? 'body',
        'oneAction',
        `Send exactly one of ${actions.join(', ')}; got ${known.length === 0 ? 'none' : known.map(([k]) => k).join(' and ')}.`,
        actions,
      ),
    )
  }
  if (problems.length > 0) return { problems }
  const [key, value] = known[0] as [string, unknown]
  const change = readAction(key, value)
  return 'problem' in change ? { problems: [change.problem] } : { change, problems: [] }
}

function readAction(key: string, value: unknown): ClockChange | { problem: Problem } {
  switch (key) {
    case 'advance': {
      const duration = typeof value === 'string' ? parseDuration(value) : undefined
      if (!duration)
        return {
          problem: problem(key, 'duration', 'advance must be an ISO-8601 duration such as P14DT1H or PT30M.'),
        }
      if (duration.negative)
        return {
          problem: problem(
            key,
            'negative',
            'advance must not be negative: time does not run backwards, because stored referrals were stamped by this clock. Use POST /_cosell/reset or a snapshot restore to go back.',
          ),
        }
      return { advance: duration }
    }
    case 'set': {
      const at = typeof value === 'string' ? parseIsoDateTime(value) : undefined
      if (!at)
        return {
          problem: problem(key, 'format', 'set must be an ISO-8601 date-time such as 2026-03-15T09:00:00Z.'),
        }
      return { set: at }
    }
    default:
      if (value !== true) return { problem: problem(key, 'type', `${key} must be true.`) }
      return key === 'freeze' ? { freeze: true } : { resume: true }
  }
}

function problem(target: string, rule: string, message: string, allowed?: readonly string[]): Problem {
  return { target, rule, message, ...(allowed ? { allowedValues: allowed } : {}) }
}
