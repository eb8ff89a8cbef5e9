// A CRM sync engine reports what it did (POST /_cosell/sync/reports): a body that is not a batch of
// reports is refused whole, naming every bad field; a report on a referral the caller's
// organisation does not hold is refused alone, and the others are saved in one transaction.
import { invalidRequest } from '../../domain/errors.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import { readSyncReports } from '../../domain/sync-status/read-sync-reports.js'
import type { SyncReportResult } from '../../domain/sync-status/sync-record.js'
import type { SyncReport } from '../../domain/sync-status/sync-report.js'
import type { Caller, ServiceDeps } from '../deps.js'
import type { Clock } from '../ports.js'
import { requireAdmin } from './read-sync-status.js'

export type ReportDeps = Pick<ServiceDeps, 'store'> & {
  /** `reportedAt` is wall time: when the report arrived, whatever the virtual clock reads. */
  readonly wall: Clock
}

export async function reportSyncStatus(
  deps: ReportDeps,
  caller: Caller,
  body: unknown,
): Promise<SyncReportResult> {
  requireAdmin(caller, 'report')
  const read = readSyncReports(body)
  if (!read.ok) throw invalidRequest(read.problems)
  const organizationId = caller.organization.id
  const held = await heldReferrals(deps, organizationId, read.reports)
  const accepted = read.reports.filter((r) => held.has(r.referralId))
  const refused = read.reports.flatMap((r, index) =>
    held.has(r.referralId)
      ? []
      : [
          {
            index,
            referralId: r.referralId,
            error: {
              code: 'itemNotFound',
              message: `Referral '${r.referralId}' is not one of your organisation's referrals: nothing of this report was kept.`,
            },
          },
        ],
  )
  if (accepted.length > 0)
    await deps.store.syncStatus.saveReports(organizationId, accepted, formatServerDateTime(deps.wall.now()))
  return { accepted: accepted.length, refused }
}

/** The reports' referral ids that the organisation holds. */
async function heldReferrals(
  deps: Pick<ServiceDeps, 'store'>,
  organizationId: string,
  reports: readonly SyncReport[],
): Promise<Set<string>> {
  const ids = [...new Set(reports.map((r) => r.referralId))]
  const found = await Promise.all(ids.map((id) => deps.store.getStored(organizationId, id)))
  return new Set(ids.filter((_, i) => found[i] !== undefined))
}
