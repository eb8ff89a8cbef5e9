// Reads the body of POST /_cosell/sync/reports: every problem of every report at once (each naming
// its field, e.g. `reports[3].events[0].action`, the rule and the allowed values), or the reports
// with their date-times in the server's form (UTC, seven fractional digits: text order is time
// order) and their referral ids in lower case, as referrals are keyed.
import type { Problem } from '../errors.js'
import { formatServerDateTime, parseIsoDateTime } from '../referral/date-time.js'
import { schemaProblems } from '../referral/schema-problems.js'
import { fieldPresenceProblems, presenceRules } from '../field-presence.js'
import { SyncReportBatchSchema, type SyncReport, type SyncReportBatch } from './sync-report.js'

export type ReadReports = { ok: true; reports: SyncReport[] } | { ok: false; problems: Problem[] }

export function readSyncReports(body: unknown): ReadReports {
  const problems = [
    ...fieldPresenceProblems(SyncReportBatchSchema, body),
    ...schemaProblems(SyncReportBatchSchema, body).filter((p) => !presenceRules.has(p.rule)),
  ]
  if (problems.length > 0) return { ok: false, problems }
  const reports = (body as SyncReportBatch).reports.map((report, i) => normalized(report, i, problems))
  return problems.length > 0 ? { ok: false, problems } : { ok: true, reports }
}

function normalized(report: SyncReport, index: number, problems: Problem[]): SyncReport {
  const time = (text: string, field: string) => serverTime(text, `reports[${index}].${field}`, problems)
  return {
    ...report,
    referralId: report.referralId.toLowerCase(),
    lastSyncedAt: report.lastSyncedAt === null ? null : time(report.lastSyncedAt, 'lastSyncedAt'),
    held: report.held.map((h, i) => ({ ...h, since: time(h.since, `held[${i}].since`) })),
    events: report.events.map((e, i) => ({ ...e, at: time(e.at, `events[${i}].at`) })),
  }
}

/** The date-time in the server's form; a problem when it names no instant (the 30th of February). */
function serverTime(text: string, target: string, problems: Problem[]): string {
  const date = parseIsoDateTime(text)
  if (date) return formatServerDateTime(date)
  problems.push({
    target,
    rule: 'format',
    message: `${target} must be an ISO-8601 date-time such as 2024-11-14T00:00:00Z.`,
  })
  return text
}
