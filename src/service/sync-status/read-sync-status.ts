// Reading what CRM sync engines reported (docs/sync-status.md). A referral's record follows the
// referral's activity history: whoever may read one of their own organisation's referrals may read
// its sync status; another organisation's referral, though readable through an engagement, keeps it
// to itself. The organisation's records and their summary are for Referral Admins.
import { CosellError, invalidRequest } from '../../domain/errors.js'
import { isAdmin } from '../../domain/organization/organization.js'
import type { SyncRecord, SyncSummary } from '../../domain/sync-status/sync-record.js'
import { summarize } from '../../domain/sync-status/sync-record.js'
import { readSyncRecordsQuery, syncSkipToken } from '../../domain/sync-status/sync-records-query.js'
import type { SyncListedRecord } from '../../domain/sync-status/sync-record.js'
import type { Caller, ServiceDeps } from '../deps.js'
import { readableReferral } from '../visibility.js'

type Deps = Pick<ServiceDeps, 'store'>

export async function syncRecordOf(deps: Deps, caller: Caller, id: string): Promise<SyncRecord> {
  const referral = await readableReferral(deps, caller, id)
  if (referral.organizationId !== caller.organization.id)
    throw new CosellError(
      'accessDenied',
      `The referral belongs to ${referral.organizationName}: its sync status is theirs to read.`,
      'referral',
    )
  return {
    referralId: referral.id,
    connections: await deps.store.syncStatus.connections(referral.organizationId, referral.id),
  }
}

export interface SyncRecordsOutcome {
  readonly records: SyncListedRecord[]
  /** The `$skiptoken` of the next page; absent on the last. */
  readonly next?: string
}

export async function listSyncRecords(
  deps: Deps,
  caller: Caller,
  query: unknown,
): Promise<SyncRecordsOutcome> {
  requireAdmin(caller, 'list')
  const { filter, problems } = readSyncRecordsQuery(query)
  if (problems.length > 0) throw invalidRequest(problems)
  const page = await deps.store.syncStatus.records(caller.organization.id, filter)
  const last = page.records.at(-1)
  return page.more && last ? { records: page.records, next: syncSkipToken(last) } : { records: page.records }
}

export async function syncSummary(deps: Deps, caller: Caller): Promise<SyncSummary> {
  requireAdmin(caller, 'summary')
  return summarize(await deps.store.syncStatus.statusGroups(caller.organization.id))
}

/** The organisation-wide operations are a Referral Admin's: a Referral User sees only some referrals. */
export function requireAdmin(caller: Caller, operation: 'report' | 'list' | 'summary'): void {
  if (isAdmin(caller.role)) return
  const what = {
    report: 'Reporting sync status',
    list: "Listing the organisation's sync records",
    summary: "The organisation's sync summary",
  }[operation]
  throw new CosellError(
    'accessDenied',
    `${what} is for Referral Admins; a Referral User reads a referral's sync status at /_cosell/sync/records/{referralId}.`,
    'role',
  )
}
