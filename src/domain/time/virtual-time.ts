// The virtual clock as values: wall time plus an offset, or frozen at an instant. Every server-set
// time of a referral reads it, so moving it forward is how a developer lets 14 days pass
// (docs/lifecycle.md). It never moves backwards on its own: stored referrals were stamped by it,
// and an earlier clock would make new writes look older than the data they change (updatedDateTime,
// eTags). Only a reset or a snapshot restore, which replace the data too, move it back.
import Type, { type Static } from 'typebox'
import type { Problem } from '../errors.js'
import { formatServerDateTime } from '../referral/date-time.js'
import { addDuration, formatDuration, type Duration } from './duration.js'

export interface ClockState {
  /** Added to wall time while the clock runs. */
  readonly offsetMs: number
  /** The instant the clock stands at while frozen; null while it runs. */
  readonly frozenAtMs: number | null
}

/** Wall time: no offset, running. */
export const wallTime: ClockState = { offsetMs: 0, frozenAtMs: null }

export type ClockChange =
  | { readonly advance: Duration }
  | { readonly set: Date }
  | { readonly freeze: true }
  | { readonly resume: true }

/** What `GET /_cosell/clock` answers. */
export const ClockViewSchema = Type.Object(
  {
    now: Type.String({ format: 'date-time', description: 'The virtual time every server-set time reads.' }),
    frozen: Type.Boolean({ description: 'True while the clock stands still.' }),
    offset: Type.String({
      description:
        'Virtual time minus wall time, as an ISO-8601 duration (negative once a frozen clock falls behind).',
      examples: ['P14DT1H'],
    }),
  },
  { $id: 'Clock' },
)

export type ClockView = Static<typeof ClockViewSchema>

export function virtualNow(state: ClockState, wall: Date): Date {
  return new Date(state.frozenAtMs ?? wall.getTime() + state.offsetMs)
}

export function clockView(state: ClockState, wall: Date): ClockView {
  const now = virtualNow(state, wall)
  return {
    now: formatServerDateTime(now),
    frozen: state.frozenAtMs !== null,
    offset: formatDuration(now.getTime() - wall.getTime()),
  }
}

/** The state that reads `instant` now and then runs on, or stays there when `frozen`. */
export function clockAt(instant: Date, frozen: boolean, wall: Date): ClockState {
  return frozen
    ? { offsetMs: 0, frozenAtMs: instant.getTime() }
    : { offsetMs: instant.getTime() - wall.getTime(), frozenAtMs: null }
}

/** The state after `change`, or the rule it breaks. */
export function changeClock(
  state: ClockState,
  change: ClockChange,
  wall: Date,
): { state: ClockState } | { problem: Problem } {
  const now = virtualNow(state, wall)
  const frozen = state.frozenAtMs !== null
  if ('freeze' in change) return { state: clockAt(now, true, wall) }
  if ('resume' in change) return { state: clockAt(now, false, wall) }
  const target = 'advance' in change ? addDuration(now, change.advance) : change.set
  const field = 'advance' in change ? 'advance' : 'set'
  if (Number.isNaN(target.getTime()) || target.getUTCFullYear() > 9999) {
    return {
      problem: { target: field, rule: 'range', message: `${field} would take the clock past the year 9999.` },
    }
  }
  if (target.getTime() < now.getTime()) {
    return {
      problem: {
        target: field,
        rule: 'backwards',
        message: `${field} ${formatServerDateTime(target)} is earlier than the clock (${formatServerDateTime(now)}): time does not run backwards, because stored referrals were stamped by this clock. Use POST /_cosell/reset or a snapshot restore to go back.`,
      },
    }
  }
  return { state: clockAt(target, frozen, wall) }
}
