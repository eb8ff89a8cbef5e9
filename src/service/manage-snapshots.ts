// Reset and named snapshots of the sandbox (issue 4 item 7). The store copies the data in one
// transaction; this side validates names, reads the clock, and brings the clock's copy in step.
import { invalidRequest, notFound } from '../domain/errors.js'
import { formatServerDateTime, parseIsoDateTime } from '../domain/referral/date-time.js'
import { snapshotNameProblems, type SandboxCounts, type SnapshotInfo } from '../domain/sandbox/snapshot.js'
import { clockAt, type ClockView } from '../domain/time/virtual-time.js'
import { ensureMicrosoftOrganization } from './manage-directory.js'
import { afterTimeMoved } from './time-moved.js'
import type { SandboxDeps } from './virtual-clock.js'

export interface ResetResult {
  readonly removed: SandboxCounts
  readonly clock: ClockView
}

/** Empties the sandbox: every referral, organisation and user, and the clock back to wall time. */
export async function resetSandbox(deps: SandboxDeps): Promise<ResetResult> {
  const removed = await deps.store.reset()
  await deps.clock.reload()
  await ensureMicrosoftOrganization(deps) // the other side of every co-sell is always there
  return { removed, clock: deps.clock.view() }
}

export async function saveSnapshot(deps: SandboxDeps, name: string): Promise<SnapshotInfo> {
  checkName(name)
  const clock = deps.clock.view()
  return deps.store.saveSnapshot(name, formatServerDateTime(deps.clock.wall.now()), {
    now: clock.now,
    frozen: clock.frozen,
  })
}

export function listSnapshots(deps: SandboxDeps): Promise<SnapshotInfo[]> {
  return deps.store.listSnapshots()
}

/** Brings back every referral, organisation and user of the snapshot, and the clock as it read then. */
export async function restoreSnapshot(deps: SandboxDeps, name: string): Promise<SnapshotInfo> {
  checkName(name)
  const restored = await deps.store.restoreSnapshot(name, (saved) =>
    clockAt(parseIsoDateTime(saved.now) ?? deps.clock.now(), saved.frozen, deps.clock.wall.now()),
  )
  if (!restored) throw notFound('Snapshot', name)
  await deps.clock.reload()
  await afterTimeMoved(deps) // a running clock has moved on since the save, if only a little
  return restored
}

export async function deleteSnapshot(deps: SandboxDeps, name: string): Promise<void> {
  checkName(name)
  if (!(await deps.store.deleteSnapshot(name))) throw notFound('Snapshot', name)
}

function checkName(name: string): void {
  const problems = snapshotNameProblems(name)
  if (problems.length > 0) throw invalidRequest(problems)
}
