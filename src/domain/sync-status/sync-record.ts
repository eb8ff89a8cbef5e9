// What cosell keeps of the reports on one referral and one connection, and how it answers them:
// the latest status fields as last reported, the last `syncListLimit` events (oldest dropped), and
// when the last report arrived (`reportedAt`, the server's wall time).
import Type, { type Static } from 'typebox'
import {
  HeldChangeSchema,
  SyncErrorSchema,
  SyncEventSchema,
  syncListLimit,
  syncStatuses,
  type SyncEvent,
  type SyncStatus,
} from './sync-report.js'

const stateFields = {
  connection: Type.String(),
  connector: Type.String(),
  crmId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum([...syncStatuses]),
  lastSyncedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([SyncErrorSchema, Type.Null()]),
  held: Type.Array(HeldChangeSchema),
  reportedAt: Type.String({
    format: 'date-time',
    description: 'When cosell received the last report (wall time).',
  }),
}

export const SyncConnectionStateSchema = Type.Object(
  {
    ...stateFields,
    history: Type.Array(SyncEventSchema, { description: `The last ${syncListLimit} events, newest first.` }),
  },
  { $id: 'SyncConnectionState' },
)

export const SyncRecordSchema = Type.Object(
  {
    referralId: Type.String(),
    connections: Type.Array(SyncConnectionStateSchema, {
      description: 'By connection name; empty when none reported.',
    }),
  },
  { $id: 'SyncRecord' },
)

export const SyncListedRecordSchema = Type.Object(
  { referralId: Type.String(), ...stateFields },
  { $id: 'SyncListedRecord' },
)

export const SyncStatusCountsSchema = Type.Object(
  Object.fromEntries(syncStatuses.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
    SyncStatus,
    ReturnType<typeof Type.Integer>
  >,
)

export const SyncConnectionSummarySchema = Type.Object(
  {
    connection: Type.String(),
    connector: Type.String({ description: 'As the latest report on the connection names it.' }),
    counts: SyncStatusCountsSchema,
    lastReportAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SyncConnectionSummary' },
)

export const SyncSummarySchema = Type.Object(
  { connections: Type.Array(SyncConnectionSummarySchema) },
  { $id: 'SyncSummary' },
)

export const SyncReportResultSchema = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0 }),
    refused: Type.Array(
      Type.Object({
        index: Type.Integer({ minimum: 0, description: 'The report’s place in `reports`.' }),
        referralId: Type.String(),
        error: Type.Object({ code: Type.String(), message: Type.String() }),
      }),
    ),
  },
  { $id: 'SyncReportResult' },
)

export type SyncConnectionState = Static<typeof SyncConnectionStateSchema>
export type SyncRecord = Static<typeof SyncRecordSchema>
export type SyncListedRecord = Static<typeof SyncListedRecordSchema>
export type SyncStatusCounts = Static<typeof SyncStatusCountsSchema>
export type SyncConnectionSummary = Static<typeof SyncConnectionSummarySchema>
export type SyncSummary = Static<typeof SyncSummarySchema>
export type SyncReportResult = Static<typeof SyncReportResultSchema>

/** The history kept after a report: what was kept, then the new events, the oldest dropped. */
export function appendHistory(kept: readonly SyncEvent[], events: readonly SyncEvent[]): SyncEvent[] {
  return [...kept, ...events].slice(-syncListLimit)
}

/** One group of an organisation's records: a connection, a connector named on it, a status. */
export interface SyncStatusGroup {
  readonly connection: string
  readonly connector: string
  readonly status: SyncStatus
  readonly count: number
  readonly lastReportAt: string
}

/** The summary of each connection, by name; its connector is the one its latest report named. */
export function summarize(groups: readonly SyncStatusGroup[]): SyncSummary {
  const byConnection = new Map<string, SyncConnectionSummary>()
  for (const group of groups) {
    const seen = byConnection.get(group.connection)
    const summary = seen ?? {
      connection: group.connection,
      connector: group.connector,
      counts: Object.fromEntries(syncStatuses.map((s) => [s, 0])) as SyncStatusCounts,
      lastReportAt: group.lastReportAt,
    }
    summary.counts[group.status] += group.count
    if (group.lastReportAt > summary.lastReportAt) {
      summary.lastReportAt = group.lastReportAt
      summary.connector = group.connector
    }
    byConnection.set(group.connection, summary)
  }
  return {
    connections: [...byConnection.values()].sort((a, b) => (a.connection < b.connection ? -1 : 1)),
  }
}
