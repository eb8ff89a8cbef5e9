// Issue 3's deep page: follow @odata.nextLink from page 1 to page 500 of the default order (100
// referrals a page, the server's maximum; `$top` would cap the whole result, not the page), then
// time page 500 against page 1.
import { listPath } from '../api.js'
import { label, type Dataset } from '../datasets.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'
import type { ServerProcess } from '../server-process.js'
import { measureGet, probe } from './list-requests.js'

const deepPage = 500
/** "As fast as the first page": within 25 % of it, give or take 1 ms of noise. */
const tolerance = 1.25
const slackMs = 1

export async function deepPaging(env: Env, server: ServerProcess, dataset: Dataset): Promise<Row[]> {
  const base = { rows: label(dataset.size), connections: 1 }
  const walk = await walkPages(`${server.origin}${listPath({})}`, deepPage)
  if ('problem' in walk)
    return [{ scenario: `page ${deepPage} via $skiptoken`, ...base, note: `not measured: ${walk.problem}` }]
  const page1 = await measureGet(env, server, pathOf(walk.first))
  const deep = await measureGet(env, server, pathOf(walk.last))
  const ratio = deep.load.p50 / page1.load.p50
  const fewer = walk.pages < deepPage ? ` (only ${walk.pages} pages exist)` : ''
  return [
    { scenario: 'page 1, default order, 100 a page', ...base, ...page1 },
    {
      scenario: `page ${walk.pages} via $skiptoken (nextLink followed ${walk.pages - 1} times)${fewer}`,
      ...base,
      ...deep,
      target: {
        text: `p50 ≤ ${tolerance}x page 1 + ${slackMs} ms`,
        met: deep.load.p50 <= tolerance * page1.load.p50 + slackMs,
      },
      note: `p50 ${ratio.toFixed(2)}x page 1; the walk took ${walk.seconds.toFixed(1)} s, ${label(walk.seen)} distinct ids in order`,
    },
  ]
}

function pathOf(url: string): string {
  const { pathname, search } = new URL(url)
  return `${pathname}${search}`
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
