// The one clock of every server-set time (issue 4 item 6). Its state is a setting in the store, so
// it survives restarts; a copy is kept here so `now()` stays synchronous. The store is held by one
// server process at a time, so the copy is reloaded only at start-up, reset and restore.
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
import { clockSettingKey, type ReferralStore } from '../store/referral-store.js'
import type { ServiceDeps } from './deps.js'
import { systemClock, type Clock } from './ports.js'

type SettingsStore = Pick<ReferralStore, 'setting' | 'saveSetting'>

export class VirtualClock implements Clock {
  private readonly listeners = new Set<(movedMs: number) => void>()

  private constructor(
    private readonly store: SettingsStore,
    /** Wall time: the system clock, or a test's manual clock. */
    readonly wall: Clock,
    private state: ClockState,
  ) {}

  static async load(store: SettingsStore, wall: Clock = systemClock): Promise<VirtualClock> {
    return new VirtualClock(store, wall, await savedState(store))
  }

  now(): Date {
    return virtualNow(this.state, this.wall.now())
  }

  view(): ClockView {
    return clockView(this.state, this.wall.now())
  }

  /** Applies a change read from `POST /_cosell/clock`; 400 when it would move time backwards. */
  async change(change: ClockChange): Promise<ClockView> {
    const outcome = changeClock(this.state, change, this.wall.now())
    if ('problem' in outcome) throw invalidRequest([outcome.problem])
    const before = this.now().getTime()
    await this.save(outcome.state)
    const movedMs = this.now().getTime() - before
    if (movedMs > 0) for (const listener of this.listeners) listener(movedMs)
    return this.view()
  }

  /** Calls `listener` with how far the clock jumped forward, after each change that moved it on. */
  onJump(listener: (movedMs: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Picks up a state the store changed itself (reset, snapshot restore). */
  async reload(): Promise<void> {
    this.state = await savedState(this.store)
  }

  private async save(state: ClockState): Promise<void> {
    this.state = state // before the await, so a concurrent change builds on this one
    await this.store.saveSetting(clockSettingKey, state)
  }
}

async function savedState(store: SettingsStore): Promise<ClockState> {
  const saved = (await store.setting(clockSettingKey)) as Partial<ClockState> | undefined
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
