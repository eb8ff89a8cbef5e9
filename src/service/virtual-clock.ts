// The one clock of every server-set time (issue 4 item 6). Its state is a setting in the store, so
// it survives restarts; a copy is kept here so `now()` stays synchronous. The copy is reloaded at
// start-up, reset and restore, and refreshed when another server sharing the store announces a
// change (and by the periodic sweep, in case an announcement was missed). A change takes turns
// with the changes of every other server, and builds on the state as stored.
import {
  changeClock,
  clockView,
  virtualNow,
  wallTime,
  type ClockChange,
  type ClockState,
  type ClockView,
} from '../domain/time/virtual-time.js'
import { invalidRequest } from '../domain/errors.js'
import { clockSettingKey, type ReferralStore, type SettingAsRead } from '../store/referral-store.js'
import type { ServiceDeps } from './deps.js'
import { systemClock, type Clock } from './ports.js'

type SettingsStore = Pick<ReferralStore, 'setting' | 'saveSetting' | 'coordination'>

export class VirtualClock implements Clock {
  private readonly listeners = new Set<(movedMs: number) => void>()

  private constructor(
    private readonly store: SettingsStore,
    /** Wall time: the system clock, or a test's manual clock. */
    readonly wall: Clock,
    private state: ClockState,
    /** The setting `state` was read from (undefined: never saved), as a write states it. */
    private stored: unknown,
  ) {}

  static async load(store: SettingsStore, wall: Clock = systemClock): Promise<VirtualClock> {
    const stored = await store.setting(clockSettingKey)
    return new VirtualClock(store, wall, stateOf(stored), stored)
  }

  now(): Date {
    return virtualNow(this.state, this.wall.now())
  }

  view(): ClockView {
    return clockView(this.state, this.wall.now())
  }

  asRead(): SettingAsRead | undefined {
    return this.store.coordination.shared ? { key: clockSettingKey, value: this.stored } : undefined
  }

  async catchUp(): Promise<void> {
    if (this.store.coordination.shared) await this.refresh()
  }

  /** Applies a change read from `POST /_cosell/clock`; 400 when it would move time backwards. */
  async change(change: ClockChange): Promise<ClockView> {
    await this.store.coordination.exclusively(clockSettingKey, async () => {
      await this.refresh() // another server may have changed it
      const outcome = changeClock(this.state, change, this.wall.now())
      if ('problem' in outcome) throw invalidRequest([outcome.problem])
      this.moveTo(outcome.state, outcome.state)
      await this.store.saveSetting(clockSettingKey, outcome.state)
    })
    return this.view()
  }

  /** Calls `listener` with how far the clock jumped forward, after each change that moved it on. */
  onJump(listener: (movedMs: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Picks up a state the store changed itself (reset, snapshot restore). */
  async reload(): Promise<void> {
    this.stored = await this.store.setting(clockSettingKey)
    this.state = stateOf(this.stored)
  }

  /** Picks up a change another server made: a jump forward is told to `onJump`'s listeners. */
  async refresh(): Promise<void> {
    const stored = await this.store.setting(clockSettingKey)
    this.moveTo(stateOf(stored), stored)
  }

  private moveTo(state: ClockState, stored: unknown): void {
    const wall = this.wall.now()
    const movedMs = virtualNow(state, wall).getTime() - virtualNow(this.state, wall).getTime()
    this.state = state
    this.stored = stored
    if (movedMs > 0) for (const listener of this.listeners) listener(movedMs)
  }
}

function stateOf(stored: unknown): ClockState {
  const saved = stored as Partial<ClockState> | undefined
  const valid =
    typeof saved?.offsetMs === 'number' && (saved.frozenAtMs === null || typeof saved.frozenAtMs === 'number')
  return valid ? (saved as ClockState) : wallTime
}

/** Use-case dependencies whose clock is the virtual clock: what the admin API's sandbox controls need. */
export interface SandboxDeps extends ServiceDeps {
  readonly clock: VirtualClock
}

/** `deps` on the virtual clock: kept when it already is one, else loaded over `deps.clock` as wall time. */
export async function withVirtualClock(deps: ServiceDeps): Promise<SandboxDeps> {
  if (deps.clock instanceof VirtualClock) return deps as SandboxDeps
  return { ...deps, clock: await VirtualClock.load(deps.store, deps.clock) }
}
