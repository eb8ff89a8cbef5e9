// Sync status (docs/sync-status.md), a cosell extension under /_cosell with the partner's own
// token: a CRM sync engine reports what it did to each referral, and the API and the dashboard
// show it, as a git host shows the statuses CI reports on a commit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { listSyncRecords, syncRecordOf, syncSummary } from '../../service/sync-status/read-sync-status.js'
import { reportSyncStatus, type ReportDeps } from '../../service/sync-status/report-sync-status.js'
import { nextLink } from '../list-response.js'
import { publicBaseUrl } from '../public-url.js'
import { caller } from './referrals.js'
import { extensionHeader } from './registrations.js'

export const syncReportsUrl = '/_cosell/sync/reports'
export const syncRecordUrl = '/_cosell/sync/records/:referralId'
export const syncRecordsUrl = '/_cosell/sync/records'
export const syncSummaryUrl = '/_cosell/sync/summary'

const sync = (reply: FastifyReply) => reply.header(extensionHeader, 'sync')

export function registerSyncStatusRoutes(
  app: FastifyInstance,
  deps: ReportDeps,
  publicUrl: string | null,
): void {
  app.post(syncReportsUrl, async (request, reply) =>
    sync(reply).send(await reportSyncStatus(deps, caller(request), request.body)),
  )

  app.get(syncRecordUrl, async (request: FastifyRequest<{ Params: { referralId: string } }>, reply) =>
    sync(reply).send(await syncRecordOf(deps, caller(request), request.params.referralId)),
  )

  app.get(syncRecordsUrl, async (request, reply) => {
    const page = await listSyncRecords(deps, caller(request), request.query)
    const base = publicBaseUrl(publicUrl, request)
    const link = page.next === undefined ? {} : { '@odata.nextLink': nextLink(base, request.url, page.next) }
    return sync(reply).send({ value: page.records, ...link })
  })

  app.get(syncSummaryUrl, async (request, reply) =>
    sync(reply).send(await syncSummary(deps, caller(request))),
  )
}
