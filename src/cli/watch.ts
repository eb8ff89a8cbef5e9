// `cosell referrals watch`: one line per change to the partner's referrals, as they happen, until
// interrupted (or --once, --limit). On cosell it reads the activity feed (GET /_cosell/activities,
// every change with its fields from → to); on Microsoft's service, which has no feed, it polls the
// list for referrals updated since the last poll and compares each with the version seen before.
import { InvalidArgumentError, Option, type Command } from 'commander'
import type { HttpClient } from '../client/client.js'
import { ApiError } from '../client/errors.js'
import { ReferralsApi, type Referral } from '../client/referrals.js'
import type { ChangeRecord } from '../domain/change/change-record.js'
import { partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import { cell, csvField, formatOf, withOutput, type OutputFlags } from './output.js'

interface WatchFlags extends ConnectionFlags, OutputFlags {
  readonly since?: string
  readonly interval: number
  readonly once?: boolean
  readonly limit?: number
  readonly via: 'auto' | 'feed' | 'list'
  readonly filter?: string
}

/** One change as watch prints it. */
export interface Change {
  readonly at: string
  readonly referralId: string
  readonly kind: 'created' | 'updated'
  readonly status: string
  readonly by: string
  readonly fields: readonly { readonly path: string; readonly from: unknown; readonly to: unknown }[]
}

/** A source of changes: `start` fixes the position (printing nothing unless `since`), `poll` reads on. */
interface ChangeSource {
  readonly name: string
  start(since: string | undefined): Promise<Change[]>
  poll(): Promise<Change[]>
}

const columns = ['at', 'referralId', 'kind', 'status', 'by', 'changes'] as const

export function addWatchCommand(group: Command): void {
  withExamples(
    withOutput(withConnection(group.command('watch')))
      .description('print one line per change to the referrals as it happens, until interrupted')
      .option('--since <time>', 'first print the changes since this instant, e.g. 2026-03-01T00:00:00Z')
      .option('--interval <seconds>', 'seconds between polls', positive, 5)
      .option('--once', 'poll once and stop (with --since: the changes since then)')
      .option('--limit <n>', 'stop after this many changes', positive)
      .addOption(
        new Option('--via <source>', 'feed (cosell activity feed), list (poll the list), or auto')
          .choices(['auto', 'feed', 'list'])
          .default('auto'),
      )
      .option('--filter <expr>', 'with --via list: only referrals this $filter selects'),
    'cosell referrals watch',
    'cosell referrals watch --since 2026-03-01T00:00:00Z --once --output csv',
    'cosell referrals watch --profile prod --via list --interval 60',
  ).action((flags: WatchFlags) => run(() => watch(flags)))
}

async function watch(flags: WatchFlags): Promise<void> {
  const http = partnerClient(flags)
  const { source, changes } = await startSource(http, flags)
  const print = printer(flags)
  let printed = 0
  const emit = (changes: Change[]) => {
    for (const change of changes.slice(0, (flags.limit ?? Infinity) - printed)) print(change)
    printed += changes.length
    return flags.limit !== undefined && printed >= flags.limit
  }
  if (emit(changes) || flags.once) return
  console.error(`cosell: watching ${http.baseUrl} (${source.name}) every ${flags.interval} s; Ctrl-C to stop`)
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, flags.interval * 1000))
    if (emit(await source.poll())) return
  }
}

/** The feed where the server has one and lets this user read it (auto), else the list. */
async function startSource(
  http: HttpClient,
  flags: WatchFlags,
): Promise<{ source: ChangeSource; changes: Change[] }> {
  const start = async (source: ChangeSource) => ({ source, changes: await source.start(flags.since) })
  const list = () => start(listSource(http, flags.filter))
  if (flags.via === 'list') return list()
  if (flags.via === 'feed') return start(feedSource(http))
  try {
    return await start(feedSource(http))
  } catch (error) {
    // Microsoft's service has no feed (404); a Referral User may not read the organisation's (403)
    if (error instanceof ApiError && [403, 404, 405].includes(error.status)) return list()
    throw error
  }
}

const feedUrl = '/_cosell/activities'

interface FeedPage {
  readonly value: ChangeRecord[]
  readonly '@odata.nextLink'?: string
}

/** cosell's activity feed, newest first: reads back to the last record seen, prints oldest first. */
function feedSource(http: HttpClient): ChangeSource {
  let last = 0
  const page = (url: string, query?: Record<string, string | number>) =>
    http.request<FeedPage>('GET', url, query ? { query } : {}).then((answer) => answer.body)
  /** Pages back from the newest record until one at or before `stopAt`; oldest first. */
  const read = async (query: Record<string, string | number>, stopAt: number): Promise<ChangeRecord[]> => {
    const records: ChangeRecord[] = []
    for (let next: FeedPage | undefined = await page(feedUrl, query); next;) {
      const fresh: ChangeRecord[] = next.value.filter((r) => r.seq > stopAt)
      records.push(...fresh)
      const link: string | undefined = next['@odata.nextLink']
      next = fresh.length < next.value.length || !link ? undefined : await page(link)
    }
    return records.reverse()
  }
  const advance = (records: ChangeRecord[]) => {
    last = Math.max(last, ...records.map((r) => r.seq))
    return records.map(changeOfRecord)
  }
  return {
    name: 'activity feed',
    async start(since) {
      if (since !== undefined) return advance(await read({ $top: 200, since }, 0))
      last = (await page(feedUrl, { $top: 1 })).value[0]?.seq ?? 0
      return []
    },
    async poll() {
      return advance(await read({ $top: 200 }, last))
    },
  }
}

function changeOfRecord(r: ChangeRecord): Change {
  const status = r.fields.find((f) => f.path === 'status')
  return {
    at: r.at,
    referralId: r.referralId,
    kind: r.kind,
    status: status ? String(status.to) : '',
    by: `${r.actor} (${r.channel})`,
    fields: r.fields,
  }
}

/**
 * The list, polled for referrals updated at or after the newest time seen (Microsoft's service
 * has no change feed): a referral counts as changed when its eTag differs from the one seen.
 */
function listSource(http: HttpClient, filter: string | undefined): ChangeSource {
  const api = new ReferralsApi(http)
  const seen = new Map<string, Referral>()
  let from = '1970-01-01T00:00:00Z'
  const updatedSince = async (): Promise<Change[]> => {
    const changes: Change[] = []
    const $filter = `updatedDateTime ge ${from}${filter ? ` and (${filter})` : ''}`
    for await (const referral of api.all({ $filter, $orderby: 'updatedDateTime asc' })) {
      const before = seen.get(referral.id)
      if (before?.eTag === referral.eTag) continue
      seen.set(referral.id, referral)
      if (referral.updatedDateTime > from) from = referral.updatedDateTime
      changes.push(changeOfReferral(before, referral))
    }
    return changes
  }
  return {
    name: 'list',
    async start(since) {
      if (since !== undefined) {
        from = since
        return updatedSince()
      }
      const [newest] = (await api.list({ $orderby: 'updatedDateTime desc', $top: 1 })).value
      if (newest) from = newest.updatedDateTime
      await updatedSince() // the referrals updated at that instant are the starting point, not changes
      return []
    },
    poll: updatedSince,
  }
}

function changeOfReferral(before: Referral | undefined, after: Referral): Change {
  const created = before === undefined && after.createdDateTime === after.updatedDateTime
  return {
    at: after.updatedDateTime,
    referralId: after.id,
    kind: created ? 'created' : 'updated',
    status: `${after.status}/${after.substatus}`,
    by: after.lastModifiedVia ?? '',
    fields: before === undefined ? [] : differences(before, after),
  }
}

const ignored = new Set(['eTag', 'updatedDateTime'])

/** Leaf by leaf for objects, whole for lists, as the activity feed compares. */
function differences(before: unknown, after: unknown, path = ''): Change['fields'] {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    return [...keys]
      .filter((key) => !ignored.has(key) || path !== '')
      .flatMap((key) => differences(before[key], after[key], path === '' ? key : `${path}.${key}`))
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, from: before, to: after }]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Prints each change as it comes: a line, a JSON line, or a CSV row after one header. */
function printer(flags: OutputFlags): (change: Change) => void {
  const format = formatOf(flags)
  let header = format === 'csv'
  return (change) => {
    if (format === 'json') return console.log(JSON.stringify(change))
    const row = [change.at, change.referralId, change.kind, change.status, change.by, fieldsText(change)]
    if (format === 'table') return console.log(row.filter((c) => c !== '').join('  '))
    if (header) console.log(columns.join(','))
    header = false
    console.log(row.map((c) => csvField(c)).join(','))
  }
}

function fieldsText(change: Change): string {
  return change.fields.map((f) => `${f.path}: ${shown(f.from)} → ${shown(f.to)}`).join('; ')
}

function shown(value: unknown): string {
  return value === null || value === undefined ? '(none)' : cell(value)
}

function positive(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number above 0.')
  return n
}
