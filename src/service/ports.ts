// What use cases need from the outside world, so they can run on a virtual clock and
// deterministic ids in tests (time and randomness come through ports).
import type { SettingAsRead } from '../store/referral-store.js'

export interface Clock {
  now(): Date
  /**
   * When other servers share the clock: the stored setting `now()` follows, for a write to state,
   * so that the store refuses the write once another server has moved the clock.
   */
  asRead?(): SettingAsRead | undefined
  /** Reads the clock as stored again, when other servers may have moved it (after a refused write). */
  catchUp?(): Promise<void>
}

export interface Ids {
  /** A new lower-case GUID. */
  uuid(): string
  /** Eight random hex digits, for eTags. */
  hex8(): string
}

export const systemClock: Clock = { now: () => new Date() } // eslint-disable-line no-restricted-syntax -- the real clock

/**
 * Milliseconds from an arbitrary origin, never set back: for spans of real time such as a throttle's
 * refill, which a wall clock moved by NTP or an admin could stretch or cut short.
 */
export interface MonotonicClock {
  nowMs(): number
}

export const systemMonotonicClock: MonotonicClock = { nowMs: () => performance.now() }
