// Named snapshots of the sandbox: every referral, organisation and user, their change records and
// sync status records, and the virtual clock, saved inside the database and brought back exactly
// (issue 4 item 7).
import Type, { type Static } from 'typebox'
import type { Problem } from '../errors.js'

export const snapshotNamePattern = '^[A-Za-z0-9._-]{1,64}$'

export const SandboxCountsSchema = Type.Object({
  referrals: Type.Integer({ minimum: 0 }),
  organizations: Type.Integer({ minimum: 0 }),
  users: Type.Integer({ minimum: 0 }),
  changes: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        "Change records (the referrals' history); absent from snapshots saved before the history was kept.",
    }),
  ),
  syncRecords: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'Sync status records (what CRM sync engines reported); absent from snapshots saved before they were kept.',
    }),
  ),
})

export const SnapshotClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'What the virtual clock read at the save.' }),
  frozen: Type.Boolean({ description: 'Whether it stood still; a restore brings it back the same way.' }),
})

export const SnapshotInfoSchema = Type.Object(
  {
    name: Type.String({ pattern: snapshotNamePattern }),
    savedAt: Type.String({ format: 'date-time', description: 'Wall time of the save.' }),
    clock: SnapshotClockSchema,
    counts: SandboxCountsSchema,
  },
  { $id: 'SnapshotInfo' },
)

export type SandboxCounts = Static<typeof SandboxCountsSchema>
export type SnapshotClock = Static<typeof SnapshotClockSchema>
export type SnapshotInfo = Static<typeof SnapshotInfoSchema>

/** Problems with a snapshot name: 1–64 letters, digits, dots, dashes, underscores; not only dots. */
export function snapshotNameProblems(name: string): Problem[] {
  if (new RegExp(snapshotNamePattern).test(name) && !/^\.+$/.test(name)) return []
  return [
    {
      target: 'name',
      rule: 'pattern',
      message: `Snapshot name '${name.slice(0, 80)}' must be 1 to 64 letters, digits, '.', '-' or '_' (and not only dots).`,
    },
  ]
}
