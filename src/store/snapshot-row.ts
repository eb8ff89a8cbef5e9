// A row of the `snapshots` table as both SQL stores keep it, and the snapshot it describes.
import type { SandboxCounts, SnapshotClock, SnapshotInfo } from './sandbox-store.js'

export interface SnapshotRow {
  readonly name: string
  readonly saved_at: string
  /** JSON of the SnapshotClock. */
  readonly clock: string
  readonly schema_version: number
  /** JSON of the SandboxCounts. */
  readonly counts: string
}

export function snapshotInfo(row: SnapshotRow): SnapshotInfo {
  return {
    name: row.name,
    savedAt: row.saved_at,
    clock: JSON.parse(row.clock) as SnapshotClock,
    counts: JSON.parse(row.counts) as SandboxCounts,
  }
}
