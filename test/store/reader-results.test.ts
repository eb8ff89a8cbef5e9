// A list answered on a reader thread is the list answered inline: the same ids in the same order,
// the same @odata.count and the same next page tokens, for random filters and orders. Both run
// on one data directory (one paging secret), first with readers, then reopened without.
import { testCause } from '../support/change-cause.js'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import fc from 'fast-check'
import type { Referral } from '../../src/domain/referral/schema.js'
import { parseQueryOptions, type RawQuery } from '../../src/query/index.js'
import type { ListScope } from '../../src/store/referral-store.js'
import { answerableFromIndexes } from '../../src/store/sqlite/index-answerable.js'
import { SqliteReferralStore, type ReaderOptions } from '../../src/store/sqlite/store.js'
import { referralDocument, validFilter, validOrderBy } from '../query/arbitraries.js'
import { context, tenant } from '../query/sql-harness.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-reader-results-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const scope: ListScope = { organizationId: tenant }
const seed = 20_240_301
const docs = fc.sample(referralDocument, { numRuns: 400, seed }) // more than a page: nextLinks
const queries: RawQuery[] = fc
  .sample(fc.tuple(validFilter, validOrderBy), { numRuns: 120, seed })
  .map(([filter, orderBy]) => ({ $filter: filter, ...(orderBy ? { $orderby: orderBy } : {}) }))

type Pages = { ids: string[][]; counts: number[]; tokens: (string | undefined)[] }

async function everyPage(store: SqliteReferralStore, query: RawQuery): Promise<Pages> {
  const pages: Pages = { ids: [], counts: [], tokens: [] }
  let token: string | undefined
  do {
    const planned = parseQueryOptions(
      { ...query, ...(token ? { $skiptoken: token } : {}) },
      { ...context, pagingKey: await store.secret() },
    )
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems))
    const page = await store.list(scope, planned.value)
    pages.ids.push(page.stored.map((s) => s.id))
    pages.counts.push(page.count)
    pages.tokens.push((token = page.skipToken))
  } while (token !== undefined)
  return pages
}

async function listAll(readers?: ReaderOptions): Promise<Pages[]> {
  const store = SqliteReferralStore.open(dir, 'process', readers)
  try {
    const all: Pages[] = []
    for (const query of queries) all.push(await everyPage(store, query))
    return all
  } finally {
    await store.close()
  }
}

test('lists answered by reader threads equal lists answered inline, page by page', async () => {
  const loading = SqliteReferralStore.open(dir)
  await loading.insertMany(docs as unknown as Referral[], testCause)
  await loading.close()
  const walking = queries.filter((query) => {
    const planned = parseQueryOptions(query, { ...context, pagingKey: Buffer.alloc(32) })
    return planned.ok && !answerableFromIndexes(scope, planned.value)
  })
  assert.ok(walking.length > queries.length / 2, `only ${walking.length} queries went to the readers`)
  const onReaders = await listAll({ workers: 2, queue: queries.length, budgetMs: 60_000 })
  const inline = await listAll()
  assert.ok(
    onReaders.some((pages) => pages.tokens.length > 1),
    'some list spans several pages',
  )
  queries.forEach((query, i) => assert.deepEqual(onReaders[i], inline[i], JSON.stringify(query)))
})
