// Replays what fell due while the clock moved: every policy's events in time order, each applied
// with a clock that reads its own due time, so an acceptance due on day 2 of a 10-day jump is
// stamped on day 2, and the close it makes due on day 9 happens inside the same jump. Events are
// found once per run, then followed: after each event the referrals of its engagement are asked
// again, so what an event makes due joins the queue. Everything is derived from the stored data,
// so a run stopped at its cap (or by a crash) leaves the rest due, and the next run applies it at
// its own time too.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parseIsoDateTime } from '../../domain/referral/date-time.js'
import type { Referral } from '../../domain/referral/schema.js'
import type { ServiceDeps } from '../deps.js'
import type { DuePolicy } from './due-policy.js'
import { DueQueue, type DueEvent } from './due-queue.js'

/** Events one run applies at most; a jump with more is finished by the runs that follow. */
export const maxEventsPerRun = 20_000
/** Events applied between turns given back to the event loop, so requests are served meanwhile. */
const eventsPerTurn = 10

export interface TimelineRun {
  /** Events applied, by what their policy said it did. */
  readonly done: Readonly<Record<string, number>>
  /** False when the run stopped at its cap: the rest is still due, for the next run. */
  readonly complete: boolean
}

export interface TimelineOptions {
  /** The instant to replay up to; the clock's current one by default. */
  readonly until?: Date
  readonly maxEvents?: number
}

export async function runTimeline(
  deps: ServiceDeps,
  policies: readonly DuePolicy[],
  options: TimelineOptions = {},
): Promise<TimelineRun> {
  const until = options.until ?? deps.clock.now()
  const timeline = new Timeline(policies, until.getTime())
  for (const [index, policy] of policies.entries()) {
    for await (const batch of policy.pending(until)) {
      for (const referral of batch) timeline.schedule(index, referral)
      await nextTurn()
    }
  }
  const done: Record<string, number> = {}
  let applied = 0
  for (let event = timeline.next(); event; event = timeline.next()) {
    if (applied >= (options.maxEvents ?? maxEventsPerRun)) return { done, complete: false }
    const what = await applyEvent(deps, timeline, event)
    if (what === undefined) continue
    done[what] = (done[what] ?? 0) + 1
    if (++applied % eventsPerTurn === 0) await nextTurn()
  }
  return { done, complete: true }
}

async function applyEvent(
  deps: ServiceDeps,
  timeline: Timeline,
  event: DueEvent,
): Promise<string | undefined> {
  const current = await deps.store.find(event.id)
  if (!current) return undefined
  const policy = timeline.policies[event.policy]!
  if (policy.dueAt(current)?.getTime() !== event.at) {
    timeline.schedule(event.policy, current) // changed since it was queued: due at another time, or not at all
    return undefined
  }
  // never before the referral's last write: a change applied late must not look older than it
  const at = new Date(Math.max(event.at, lastWritten(current)))
  const what = await policy.apply({ ...deps, clock: { now: () => new Date(at) } }, current, at)
  if (what === undefined) timeline.settle(event)
  for (const referral of await deps.store.inEngagement(current.engagementId))
    for (const index of timeline.policies.keys()) timeline.schedule(index, referral)
  return what
}

function lastWritten(r: Referral): number {
  return parseIsoDateTime(r.updatedDateTime)?.getTime() ?? 0
}

/** The queue of one run, with the due time each (policy, referral) is queued for. */
class Timeline {
  private readonly queue = new DueQueue()
  private readonly queued = new Map<string, number>()
  /** Events that did nothing this run (changed meanwhile, or refused): left for the next run. */
  private readonly settled = new Set<string>()

  constructor(
    readonly policies: readonly DuePolicy[],
    private readonly until: number,
  ) {}

  schedule(policy: number, referral: Referral): void {
    const at = this.policies[policy]!.dueAt(referral)?.getTime()
    const key = keyOf(policy, referral.id)
    if (at === undefined || at > this.until || this.settled.has(key) || this.queued.get(key) === at) return
    this.queued.set(key, at)
    this.queue.push({ at, policy, id: referral.id })
  }

  /** The earliest event still queued at its time; entries a later schedule replaced are skipped. */
  next(): DueEvent | undefined {
    for (let event = this.queue.pop(); event; event = this.queue.pop()) {
      const key = keyOf(event.policy, event.id)
      if (this.queued.get(key) !== event.at) continue
      this.queued.delete(key)
      return event
    }
    return undefined
  }

  settle(event: DueEvent): void {
    this.settled.add(keyOf(event.policy, event.id))
  }
}

function keyOf(policy: number, id: string): string {
  return `${policy} ${id}`
}
