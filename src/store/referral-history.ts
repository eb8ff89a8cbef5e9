// A referral's history as both stores keep it: a chain from the referral's latest change record
// back through each record's `prev`. Walked newest first, a page at a time, never looking at more
// than `scanned` records for one page.
import type { ActivityFilter } from '../domain/change/activity-query.js'
import type { ChangeRecord } from '../domain/change/change-record.js'
import type { ActivityPage } from './change-feed.js'

/** A record of the chain and the seq of the one before it. */
export interface ChainLink {
  readonly record: ChangeRecord
  readonly prev: number | null
}

export interface ReferralChain {
  /** The referral's latest record's seq; null or undefined when it has none (or no such referral). */
  head(): Promise<number | null | undefined>
  link(seq: number): Promise<ChainLink | undefined>
}

/**
 * The referral's records that pass `filter`, newest first. A `before` from this walk's own
 * nextLink is a record of the chain, so the walk resumes right behind it; any other is found by
 * walking from the head.
 */
export async function walkReferralHistory(
  chain: ReferralChain,
  organizationId: string,
  referralId: string,
  filter: ActivityFilter,
  scanned: number,
): Promise<ActivityPage> {
  const resumed = filter.before === undefined ? undefined : await chain.link(filter.before)
  const member = resumed?.record.referralId === referralId && resumed.record.organizationId === organizationId
  let seq = member ? resumed.prev : await chain.head()
  const records: ChangeRecord[] = []
  let examined: number | undefined // the last record looked at: where the next page resumes
  for (let looked = 0; seq !== null && seq !== undefined; looked++) {
    if (looked === scanned && examined !== undefined) return { records, next: examined }
    const link = await chain.link(seq)
    if (!link) break
    if (link.record.seq < (filter.before ?? Infinity) && passesActivityFilter(link.record, filter)) {
      if (records.length === filter.limit) return { records, next: records.at(-1)!.seq }
      records.push(link.record)
    }
    examined = link.record.seq
    seq = link.prev
  }
  return { records }
}

/** Whether a record passes the filters other than position and referral. */
export function passesActivityFilter(record: ChangeRecord, filter: ActivityFilter): boolean {
  return (
    (filter.channel === undefined || record.channel === filter.channel) &&
    (filter.actor === undefined || record.actor === filter.actor) &&
    (filter.since === undefined || record.at >= filter.since) &&
    (filter.until === undefined || record.at < filter.until)
  )
}
