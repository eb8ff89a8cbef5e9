// Tells the Referrals endpoint (cosell: `POST /_cosell/sync/reports`) how each referral's sync
// stands, so its API and dashboard show the status, what is held and the history beside the
// referral. What has been reported is marked in the state, so each event is sent once; a pass
// that could not report leaves its events for the next.
import type { SyncApi, SyncReport } from '../client/sync.js'
import { referralPaths } from './mapping/translate.js'
import type { Mapping } from './mapping/mapping-schema.js'
import type { HeldChange, HistoryEvent, SyncLink, SyncState } from './state/sync-state.js'

export interface StatusReportDeps {
  readonly state: SyncState
  readonly sync: SyncApi
  readonly mapping: Mapping
  /** The connection's name and the connector's label, as the reports name them. */
  readonly connection: string
  readonly connector: string
}

/** Events read per round; the reports they make are sent in the SDK's batches. */
const eventsPerRound = 2_000
const listLimit = 100

/** Reports every pair with unreported history; how many reports were sent. */
export async function reportStatus(deps: StatusReportDeps): Promise<number> {
  let sent = 0
  for (;;) {
    const events = await deps.state.unreported(eventsPerRound)
    if (events.length === 0) return sent
    const byReferral = new Map<string, HistoryEvent[]>()
    for (const event of events) {
      if (event.referralId)
        byReferral.set(event.referralId, [...(byReferral.get(event.referralId) ?? []), event])
    }
    const reports: SyncReport[] = []
    for (const [referralId, pairEvents] of byReferral) {
      const link = await deps.state.linkByReferral(referralId)
      reports.push(reportOf(deps, referralId, link, await deps.state.heldFor(referralId), pairEvents))
    }
    if (reports.length > 0) await deps.sync.report(reports)
    sent += reports.length
    await deps.state.markReported(Math.max(...events.map((e) => e.seq ?? 0)))
  }
}

function reportOf(
  deps: StatusReportDeps,
  referralId: string,
  link: SyncLink | undefined,
  held: readonly HeldChange[],
  events: readonly HistoryEvent[],
): SyncReport {
  return {
    connection: deps.connection,
    connector: deps.connector.slice(0, 100),
    referralId,
    crmId: link?.crmId ?? null,
    status: link?.status ?? (held.length > 0 ? 'held' : 'pending'),
    lastSyncedAt: link?.lastSyncedAt ?? null,
    lastError: link?.lastError
      ? { reason: link.lastError.reason.slice(0, 100), message: link.lastError.message.slice(0, 2000) }
      : null,
    held: held.slice(0, listLimit).map((h) => ({
      field: h.field,
      referralPath: pathOf(deps.mapping, h.field),
      toSide: h.toSide,
      value: h.value,
      reason: h.reason.slice(0, 2000),
      since: h.since,
    })),
    events: events.slice(-listLimit).map((e) => ({
      at: e.at,
      direction: e.direction,
      action: e.action,
      fields: e.fields.slice(0, 200),
      message: e.message && e.message.slice(0, 2000),
    })),
  }
}

function pathOf(mapping: Mapping, field: string): string {
  const mapped = mapping.fields.find((f) => f.crm === field)
  return mapped ? referralPaths(mapped).join('/') : field === '*' ? '(the whole record)' : ''
}
