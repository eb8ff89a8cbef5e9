// Referrals changed at or after a cursor, oldest first: `$filter=updatedDateTime ge <cursor>`
// (and a filter of the sync's), `$orderby=updatedDateTime asc`, `$top` one more than the limit (the
// one more says whether the source holds more), following nextLinks when the source pages sooner.
// The cursor is the last updatedDateTime read, so the referrals of that very instant come again on
// the next call (the engine skips versions it knows). When more referrals than the limit share the
// cursor's instant, a page of only them would give the same cursor back forever: then reading goes
// on past the limit, to the first referral of a later instant.
import type { ListOptions, Referral, ReferralPage, ReferralsApi } from '../client/index.js'

const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

export interface ReferralChanges {
  readonly referrals: readonly Referral[]
  /** Where the next read starts: the last updatedDateTime read, or the cursor given when nothing was. */
  readonly cursor: string
  /** False when the source may hold more referrals than were read. */
  readonly caughtUp: boolean
}

export async function readReferralChanges(
  api: ReferralsApi,
  filter: string | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<ReferralChanges> {
  const since = cursor === undefined || cursor === '' ? undefined : checkedCursor(cursor)
  const conditions = [filter && `(${filter})`, since && `updatedDateTime ge ${since}`].filter(Boolean)
  const query: ListOptions = {
    ...(conditions.length > 0 ? { $filter: conditions.join(' and ') } : {}),
    $orderby: 'updatedDateTime asc',
  }
  const wanted = Math.max(1, limit)
  const first = await readUntil(api, { ...query, $top: wanted + 1 }, (read) => read.length > wanted)
  if (!first.stopped)
    return { referrals: first.read, cursor: lastAt(first.read) ?? since ?? '', caughtUp: true }
  const read = first.read.slice(0, wanted)
  if (since === undefined || lastAt(read) !== since)
    return { referrals: read, cursor: lastAt(read)!, caughtUp: false }
  const past = await readUntil(api, query, (more) => lastAt(more) !== since)
  return { referrals: past.read, cursor: lastAt(past.read)!, caughtUp: !past.stopped }
}

/** Referrals page by page until `enough` says so (`stopped`) or the source has no more. */
async function readUntil(
  api: ReferralsApi,
  options: ListOptions,
  enough: (read: readonly Referral[]) => boolean,
): Promise<{ read: Referral[]; stopped: boolean }> {
  const read: Referral[] = []
  let page: ReferralPage | undefined = await api.list(options)
  while (page) {
    for (const referral of page.value) {
      read.push(referral)
      if (enough(read)) return { read, stopped: true }
    }
    const next: string | undefined = page['@odata.nextLink']
    page = next ? await api.next(next) : undefined
  }
  return { read, stopped: false }
}

function lastAt(read: readonly Referral[]): string | undefined {
  return read[read.length - 1]?.updatedDateTime
}

function checkedCursor(cursor: string): string {
  if (dateTime.test(cursor)) return cursor
  throw new RangeError(
    `the cursor '${cursor}' is not an ISO 8601 date-time (the updatedDateTime of a referral)`,
  )
}
