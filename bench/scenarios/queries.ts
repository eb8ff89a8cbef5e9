// Issue 3 with 100,000 and 1,000,000 referrals: four documented $filter shapes and the 500th page
// through $skiptoken, one client at a time (latency as a caller sees it). Each query is first
// checked against what the seed put in (its @odata.count and every returned row), so a filter the
// server ignores or gets wrong is reported as such instead of being timed.
import { authorization, listPath } from '../api.js'
import { startCosell } from '../cosell.js'
import { wantedSeller, type Tally } from '../dataset.js'
import { label, type Dataset } from '../datasets.js'
import { errorMessage, sequentialResult, timeGet, type Timed } from '../load.js'
import { measure, withCpu, type CpuShare, type Env, type Measured } from '../measure.js'
import type { Row } from '../report.js'
import type { ServerProcess } from '../server-process.js'

type Doc = {
  id: string
  name: string | null
  status: string
  direction: string
  createdDateTime: string
  customerProfile: { address: { country: string | null } }
  team: { email: string | null }[]
}

type Page = { '@odata.count'?: number; '@odata.nextLink'?: string; value: Doc[] }

type Query = {
  readonly scenario: string
  readonly options: Record<string, string>
  /** indexed: the target applies; count-only: `$top=0`, which leaves the COUNT behind @odata.count. */
  readonly kind: 'indexed' | 'unindexed' | 'count-only'
  readonly expected: (tally: Tally) => number
  readonly matches: (doc: Doc) => boolean
}

const activeOutgoing = {
  options: { $filter: "status eq 'Active' and direction eq 'Outgoing'", $orderby: 'createdDateTime desc' },
  expected: (t: Tally) => t.activeOutgoing,
  matches: (d: Doc) => d.status === 'Active' && d.direction === 'Outgoing',
}

const queries: readonly Query[] = [
  {
    ...activeOutgoing,
    scenario: "status eq 'Active' and direction eq 'Outgoing', $orderby=createdDateTime desc, $top=100",
    options: { ...activeOutgoing.options, $top: '100' },
    kind: 'indexed',
  },
  {
    ...activeOutgoing,
    scenario: 'the same with $top=0: only the @odata.count',
    options: { ...activeOutgoing.options, $top: '0' },
    kind: 'count-only',
  },
  {
    scenario: 'no $filter, $top=0: only the @odata.count',
    options: { $top: '0' },
    kind: 'count-only',
    expected: (t) => t.total,
    matches: () => true,
  },
  {
    scenario: "customerProfile/address/country eq 'US'",
    options: { $filter: "customerProfile/address/country eq 'US'" },
    kind: 'unindexed',
    expected: (t) => t.countryUs,
    matches: (d) => d.customerProfile.address.country === 'US',
  },
  {
    scenario: `team/any(t:t/email eq '${wantedSeller}')`,
    options: { $filter: `team/any(t:t/email eq '${wantedSeller}')` },
    kind: 'unindexed',
    expected: (t) => t.wantedSeller,
    matches: (d) => d.team.some((m) => m.email?.toLowerCase() === wantedSeller),
  },
  {
    scenario: "contains(name,'Contoso')",
    options: { $filter: "contains(name,'Contoso')" },
    kind: 'unindexed',
    expected: (t) => t.nameContoso,
    matches: (d) => d.name?.includes('Contoso') ?? false,
  },
]

const indexedTargetMs = 20
const indexedTargetRows = 1_000_000
const deepPage = 500
const deepPageTolerance = 1.25
/** Slower than this, a query is timed a few times one after another instead of by autocannon. */
const slowMs = 250
/** A single list request that takes longer is abandoned (the server may stay busy with it). */
const requestTimeoutMs = 150_000

export async function queryScenarios(env: Env, dataset: Dataset): Promise<Row[]> {
  const server = await startCosell(env.build, dataset.dir)
  try {
    const rows: Row[] = []
    for (const query of queries) rows.push(await filterRow(env, server, dataset, query))
    rows.push(...(await deepPaging(env, server, dataset)))
    return rows
  } finally {
    await server.stop()
  }
}

type Probe = { readonly page: Page; readonly sample: Timed } | { readonly problem: string }

type Probed = { readonly sample: Timed; readonly cpu: CpuShare }

const kinds = {
  indexed: 'indexed',
  unindexed: 'unindexed (JSON in the document)',
  'count-only': 'indexed; what the COUNT costs',
} as const

async function probe(url: string): Promise<Probe> {
  const sample = await timeGet(url, { authorization }, requestTimeoutMs).catch((error: unknown) => {
    if ((error as Error).name === 'TimeoutError') return undefined
    throw error
  })
  if (sample === undefined) return { problem: `no answer within ${requestTimeoutMs / 1000} s` }
  if (sample.status !== 200) return { problem: `answered ${sample.status}: ${errorMessage(sample.text)}` }
  return { page: JSON.parse(sample.text) as Page, sample }
}

/** Why the page is not the right answer to `query`, or undefined when it is. */
function wrongAnswer(query: Query, page: Page, tally: Tally): string | undefined {
  const expected = query.expected(tally)
  if (page['@odata.count'] !== expected)
    return `@odata.count ${page['@odata.count']}, the seed has ${label(expected)} matches`
  if (!page.value.every(query.matches)) return 'returned referrals that do not match the filter'
  const dates = page.value.map((d) => d.createdDateTime)
  if (dates.some((date, i) => i > 0 && date > dates[i - 1]!)) return 'not in createdDateTime desc order'
  return undefined
}

async function filterRow(env: Env, server: ServerProcess, dataset: Dataset, query: Query): Promise<Row> {
  const path = listPath(query.options)
  const base = { scenario: query.scenario, rows: label(dataset.size), connections: 1 }
  const [first, cpu] = await withCpu(server, () => probe(`${server.origin}${path}`))
  const problem = 'problem' in first ? first.problem : wrongAnswer(query, first.page, dataset.tally)
  if (problem !== undefined || 'problem' in first) return { ...base, note: `not measured: ${problem}` }
  const measured = await timed(env, server, path, { sample: first.sample, cpu })
  const note = `${kinds[query.kind]}; ${label(query.expected(dataset.tally))} matches${sampledNote(measured)}`
  const target =
    query.kind === 'indexed' && dataset.size >= indexedTargetRows
      ? { text: `p99 ≤ ${indexedTargetMs} ms`, met: measured.load.p99 <= indexedTargetMs }
      : undefined
  return { ...base, ...measured, note, ...(target ? { target } : {}) }
}

/** autocannon with one connection; for a slow query, the probe and as many more requests one after
 *  another as fit in the measurement time. */
async function timed(env: Env, server: ServerProcess, path: string, first: Probed): Promise<Measured> {
  if (first.sample.ms < slowMs) return measureGet(env, server, path)
  const more = Math.max(0, Math.min(19, Math.floor((env.seconds * 1000 - first.sample.ms) / first.sample.ms)))
  const [samples, cpu] = await withCpu(server, async () => {
    const taken: Timed[] = []
    for (let n = 0; n < more; n++)
      taken.push(await timeGet(`${server.origin}${path}`, { authorization }, requestTimeoutMs))
    return taken
  })
  const load = sequentialResult([first.sample, ...samples])
  return { load, peakMb: server.memory().peakMb, connections: 1, cpu: more > 0 ? cpu : first.cpu }
}

/** One client asking for the same page again and again. */
function measureGet(env: Env, server: ServerProcess, path: string): Promise<Measured> {
  return measure(env, server, { connections: 1, headers: { authorization }, next: () => ({ path }) })
}

function pathOf(url: string): string {
  const { pathname, search } = new URL(url)
  return `${pathname}${search}`
}

function sampledNote(measured: Measured): string {
  const n = measured.load.ok
  return n < 25 ? `; ${n} request${n === 1 ? '' : 's'}, one at a time` : ''
}

async function deepPaging(env: Env, server: ServerProcess, dataset: Dataset): Promise<Row[]> {
  const base = { rows: label(dataset.size), connections: 1 }
  const walk = await walkPages(`${server.origin}${listPath({})}`, deepPage)
  if ('problem' in walk)
    return [{ scenario: `page ${deepPage} via $skiptoken`, ...base, note: `not measured: ${walk.problem}` }]
  const page1 = await measureGet(env, server, pathOf(walk.first))
  const deep = await measureGet(env, server, pathOf(walk.last))
  const ratio = deep.load.p50 / page1.load.p50
  return [
    { scenario: 'page 1, default order, 100 a page', ...base, ...page1 },
    {
      scenario: `page ${walk.pages} via $skiptoken (nextLink followed ${walk.pages - 1} times)`,
      ...base,
      ...deep,
      target: { text: `p50 ≤ ${deepPageTolerance}x page 1`, met: ratio <= deepPageTolerance },
      note: `p50 ${ratio.toFixed(2)}x page 1; the walk took ${walk.seconds.toFixed(1)} s, ${label(walk.seen)} distinct ids in order`,
    },
  ]
}

type Walk =
  { first: string; last: string; pages: number; seen: number; seconds: number } | { problem: string }

/** Follows @odata.nextLink up to page `pages`, checking that no referral comes twice and that the
 *  default order (createdDateTime desc) holds across pages. */
async function walkPages(first: string, pages: number): Promise<Walk> {
  const started = performance.now()
  const seen = new Set<string>()
  let url = first
  let previous = '\uffff'
  for (let page = 1; ; page++) {
    const answer = await probe(url)
    if ('problem' in answer) return { problem: `page ${page} ${answer.problem}` }
    for (const doc of answer.page.value) {
      if (seen.has(doc.id)) return { problem: `page ${page} repeats ${doc.id} ($skiptoken not applied?)` }
      if (doc.createdDateTime > previous) return { problem: `page ${page} breaks createdDateTime desc order` }
      seen.add(doc.id)
      previous = doc.createdDateTime
    }
    const next = answer.page['@odata.nextLink']
    if (page === pages || next === undefined) {
      if (page === 1) return { problem: 'page 1 has no @odata.nextLink' }
      return { first, last: url, pages: page, seen: seen.size, seconds: (performance.now() - started) / 1000 }
    }
    url = next
  }
}
