// What a CRM sync engine reports of one referral on one connection (docs/sync-status.md): its
// record's CRM id and status, what it holds back and why, and what it did since its last report.
// The engine (`cosell sync watch`) posts batches of these; cosell keeps the latest of each and the
// recent history, for the API and the dashboard, as a git host keeps the statuses CI reports.
import Type, { type Static, type TSchema } from 'typebox'

export const syncStatuses = ['synced', 'pending', 'held', 'conflict', 'error'] as const
export type SyncStatus = (typeof syncStatuses)[number]

export const syncDirections = ['toCrm', 'toReferral', 'none'] as const
export const syncActions = ['created', 'updated', 'linked', 'held', 'conflict', 'failed', 'released'] as const

/** A connection's name: how the engine's configuration names one CRM it syncs with. */
export const connectionPattern = '^[A-Za-z0-9._-]{1,64}$'

/** Items a report may carry in `held` and in `events`; also the events kept per record. */
export const syncListLimit = 100
/** Reports a batch may carry. */
export const maxReportsPerBatch = 500

const DateTime = (description: string) => Type.String({ format: 'date-time', description })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const SyncErrorSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 100, description: 'A short code, e.g. `unavailable`.' }),
    message: Type.String({ maxLength: 2000, description: 'What went wrong, for a person.' }),
  },
  { $id: 'SyncError', additionalProperties: false },
)

export const HeldChangeSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 200, description: 'The CRM field (or the mapping name).' }),
    referralPath: Type.String({ maxLength: 200, description: 'The referral field it maps to, dotted.' }),
    toSide: Type.Enum(['referral', 'crm'], { description: 'Which side the held change was going to.' }),
    value: Type.Unknown({ description: 'The value held back, any JSON.' }),
    reason: Type.String({ maxLength: 2000, description: 'Why it is held.' }),
    since: DateTime('Held since then.'),
  },
  { $id: 'SyncHeldChange', additionalProperties: false },
)

export const SyncEventSchema = Type.Object(
  {
    at: DateTime('When the engine did it.'),
    direction: Type.Enum([...syncDirections]),
    action: Type.Enum([...syncActions]),
    fields: Type.Array(Type.String({ maxLength: 200 }), {
      maxItems: 200,
      description: 'The fields it touched.',
    }),
    message: Nullable(Type.String({ maxLength: 2000 })),
  },
  { $id: 'SyncEvent', additionalProperties: false },
)

export const SyncReportSchema = Type.Object(
  {
    connection: Type.String({
      pattern: connectionPattern,
      description: '1–64 letters, digits, `.`, `_`, `-`.',
    }),
    connector: Type.String({ maxLength: 100, description: 'The connector type, e.g. `sql opportunities`.' }),
    referralId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "One of your organisation's referrals.",
    }),
    crmId: Nullable(
      Type.String({ maxLength: 200, description: "The CRM record's id; null before it has one." }),
    ),
    status: Type.Enum([...syncStatuses]),
    lastSyncedAt: Nullable(DateTime('When the two sides last agreed.')),
    lastError: Nullable(SyncErrorSchema),
    held: Type.Array(HeldChangeSchema, {
      maxItems: syncListLimit,
      description: 'What is held back now (replaces the last report’s).',
    }),
    events: Type.Array(SyncEventSchema, {
      maxItems: syncListLimit,
      description: 'What happened since the last report, oldest first.',
    }),
  },
  { $id: 'SyncReport', additionalProperties: false },
)

export const SyncReportBatchSchema = Type.Object(
  { reports: Type.Array(SyncReportSchema, { minItems: 1, maxItems: maxReportsPerBatch }) },
  { $id: 'SyncReportBatch', additionalProperties: false },
)

export type SyncError = Static<typeof SyncErrorSchema>
export type HeldChange = Static<typeof HeldChangeSchema>
export type SyncEvent = Static<typeof SyncEventSchema>
export type SyncReport = Static<typeof SyncReportSchema>
export type SyncReportBatch = Static<typeof SyncReportBatchSchema>
