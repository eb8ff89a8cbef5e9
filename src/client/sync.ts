// Sync status (docs/sync-status.md), a cosell extension under /_cosell read and written with the
// partner's token: a CRM sync engine reports each referral's status on its connections, and anyone
// who may read the referral reads it back; the organisation's records and summary are for Referral
// Admins. The engine imports the types from here.
import type {
  HeldChange,
  SyncError,
  SyncEvent,
  SyncReport,
  SyncStatus,
} from '../domain/sync-status/sync-report.js'
import type {
  SyncConnectionState,
  SyncConnectionSummary,
  SyncListedRecord,
  SyncRecord,
  SyncReportResult,
  SyncStatusCounts,
  SyncSummary,
} from '../domain/sync-status/sync-record.js'
import type { HttpClient } from './client.js'

export type {
  HeldChange,
  SyncConnectionState,
  SyncConnectionSummary,
  SyncError,
  SyncEvent,
  SyncListedRecord,
  SyncRecord,
  SyncReport,
  SyncReportResult,
  SyncStatus,
  SyncStatusCounts,
  SyncSummary,
}

export interface SyncRecordsOptions {
  readonly status?: SyncStatus
  readonly connection?: string
  /** Records a page (1–500, default 100). */
  readonly $top?: number
}

export interface SyncRecordsPage {
  readonly value: SyncListedRecord[]
  readonly '@odata.nextLink'?: string
}

/**
 * What one request of `report` carries at most: the server's 500 reports, and room under its body
 * limits (1 MiB and 10,000 JSON values a body) for the envelope.
 */
export const reportBatchLimits = { reports: 500, bytes: 900 * 1024, values: 9_000 } as const

export class SyncApi {
  constructor(private readonly http: HttpClient) {}

  /**
   * Reports each referral's status (Referral Admins). Sent in as many requests as the server's
   * limits need, in order; `refused[].index` is the report's place in `reports`.
   */
  async report(reports: readonly SyncReport[]): Promise<SyncReportResult> {
    const result: SyncReportResult = { accepted: 0, refused: [] }
    for (const { start, batch } of batches(reports)) {
      const answer = await this.http.request<SyncReportResult>('POST', '/_cosell/sync/reports', {
        body: { reports: batch },
      })
      result.accepted += answer.body.accepted
      result.refused.push(...answer.body.refused.map((r) => ({ ...r, index: r.index + start })))
    }
    return result
  }

  /** A referral's status on each connection, history newest first; `connections` empty when none reported. */
  async record(referralId: string): Promise<SyncRecord> {
    const path = `/_cosell/sync/records/${encodeURIComponent(referralId)}`
    return (await this.http.request<SyncRecord>('GET', path)).body
  }

  /** One page of the organisation's records (Referral Admins), without history. */
  async records(options: SyncRecordsOptions = {}): Promise<SyncRecordsPage> {
    return (
      await this.http.request<SyncRecordsPage>('GET', '/_cosell/sync/records', { query: { ...options } })
    ).body
  }

  /** The page a nextLink names. */
  async next(nextLink: string): Promise<SyncRecordsPage> {
    return (await this.http.request<SyncRecordsPage>('GET', nextLink)).body
  }

  /** Every page of the records the options select, following `@odata.nextLink`. */
  async *pages(options: SyncRecordsOptions = {}): AsyncGenerator<SyncRecordsPage> {
    let page = await this.records(options)
    for (;;) {
      yield page
      const next = page['@odata.nextLink']
      if (next === undefined) return
      page = await this.next(next)
    }
  }

  /** Every record the options select, page after page. */
  async *all(options: SyncRecordsOptions = {}): AsyncGenerator<SyncListedRecord> {
    for await (const page of this.pages(options)) yield* page.value
  }

  /** Per connection: how many records are in each status, and when the last report came. */
  async summary(): Promise<SyncSummary> {
    return (await this.http.request<SyncSummary>('GET', '/_cosell/sync/summary')).body
  }
}

const utf8 = new TextEncoder()

/** `reports` cut into requests within `reportBatchLimits` (a report too large alone goes alone). */
function* batches(reports: readonly SyncReport[]): Generator<{ start: number; batch: SyncReport[] }> {
  let start = 0
  let batch: SyncReport[] = []
  let bytes = 0
  let values = 0
  for (const [i, report] of reports.entries()) {
    const size = utf8.encode(JSON.stringify(report)).length
    const count = jsonValues(report)
    const full =
      batch.length === reportBatchLimits.reports ||
      bytes + size > reportBatchLimits.bytes ||
      values + count > reportBatchLimits.values
    if (batch.length > 0 && full) {
      yield { start, batch }
      ;[start, batch, bytes, values] = [i, [], 0, 0]
    }
    batch.push(report)
    bytes += size
    values += count
  }
  if (batch.length > 0) yield { start, batch }
}

/** How many JSON values `value` holds, itself included, as the server counts them. */
function jsonValues(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + jsonValues(item), 1)
  if (typeof value === 'object' && value !== null)
    return Object.values(value).reduce<number>((sum, item) => sum + jsonValues(item), 1)
  return 1
}
