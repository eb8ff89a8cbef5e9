// What the sandbox controls of the admin API need from storage: the referrals due to expire,
// reset, and named snapshots of all sandbox data. The virtual clock's state is a setting
// (DirectoryStore.setting) under `clockSettingKey`; reset and restore change it with the data.
import type { Referral } from '../domain/referral/schema.js'
import type { SandboxCounts, SnapshotClock, SnapshotInfo } from '../domain/sandbox/snapshot.js'
import type { ClockState } from '../domain/time/virtual-time.js'

export type { ClockState, SandboxCounts, SnapshotClock, SnapshotInfo }

/** Which count of SandboxCounts each sandbox table's rows are (both stores' tables are the same). */
export const sandboxCountOf: Readonly<Record<string, keyof SandboxCounts>> = {
  referrals: 'referrals',
  organizations: 'organizations',
  users: 'users',
  changes: 'changes',
  sync_records: 'syncRecords',
}

/** The setting holding the virtual clock's ClockState; absent means wall time. */
export const clockSettingKey = 'clock'

export interface SandboxStore {
  /**
   * Incoming referrals still New whose expirationDateTime is at or before `at` (server date-time
   * text), oldest expiration first, at most `limit`, across every organisation.
   */
  dueForExpiry(at: string, limit: number): Promise<Referral[]>
  /** Removes every referral, organisation and user and the clock's setting, in one transaction. */
  reset(): Promise<SandboxCounts>
  /** Saves (or replaces) a snapshot of all sandbox data, in one transaction. */
  saveSnapshot(name: string, savedAt: string, clock: SnapshotClock): Promise<SnapshotInfo>
  listSnapshots(): Promise<SnapshotInfo[]>
  /**
   * Replaces all sandbox data with the snapshot's and saves `clockFor(snapshot clock)` as the
   * clock's setting, in one transaction; undefined when there is no such snapshot.
   */
  restoreSnapshot(
    name: string,
    clockFor: (saved: SnapshotClock) => ClockState,
  ): Promise<SnapshotInfo | undefined>
  /** False when there was no such snapshot. */
  deleteSnapshot(name: string): Promise<boolean>
}
