// Lists that walk documents run on reader threads: with 100,000 referrals stored, a pathological
// filter holds up no other request, its time budget stops it (and frees its thread), a full pool
// answers 503 with Retry-After, and a count a reader made stays exact across a concurrent write.
import { testCause } from '../support/change-cause.js'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { ReaderOptions } from '../../src/store/sqlite/store.js'
import { privateCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA, tenantB } from '../support/tokens.js'

const api = '/v1.0/engagements/referrals'
const stored = 100_000
/** 20 substrings OR-ed, the most $filter allows (320 held the event loop for up to 33 s at this
 *  size, and now answer 400 before any SQL): still seconds of document walking. */
const pathological = Array.from({ length: 20 }, (_, n) => `contains(name,'u${n}')`).join(' or ')
/** Reads every document once: seconds at this size. */
const walk = "contains(name,'zz')"
/** Walks documents too, but tenant B has only a few referrals: quick on a reader. */
const small = "contains(name,'deal')"

let dir: string
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cosell-expensive-'))
  const t = await makeTestApp({ dataDir: dir })
  const template = await createOne(t, tenantA)
  for (let n = 0; n < 3; n++) await createOne(t, tenantB)
  for (let start = 0; start < stored; start += 10_000) {
    const batch = Array.from({ length: 10_000 }, (_, i) => clone(template, start + i))
    await t.store.insertMany(batch, testCause)
  }
  await t.close()
})
after(() => rmSync(dir, { recursive: true, force: true }))

async function createOne(t: TestApp, tenant: string): Promise<Referral> {
  const created = await t.app.inject({
    method: 'POST',
    url: api,
    headers: authHeader(tenant),
    payload: { ...privateCreate(), name: 'Big deal' },
  })
  assert.equal(created.statusCode, 200, created.body)
  return created.json<Referral>()
}

function clone(template: Referral, n: number): Referral {
  const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
  return { ...template, id, engagementId: id, name: `Referral ${n}` }
}

async function app(readers: ReaderOptions): Promise<TestApp> {
  return makeTestApp({ dataDir: dir, readers })
}

function list(t: TestApp, filter: string, tenant = tenantA) {
  return t.app.inject({
    method: 'GET',
    url: `${api}?$top=5&$filter=${encodeURIComponent(filter)}`,
    headers: authHeader(tenant),
  })
}

/** A request under way, and whether it has been answered yet. */
function inFlight<T>(work: Promise<T>): { readonly result: Promise<T>; settled(): boolean } {
  let settled = false
  const result = work.finally(() => (settled = true))
  return { result, settled: () => settled }
}

type ErrorBody = {
  error: { code: string; target: string; message: string; innerError?: { details: { code: string }[] } }
}

describe('expensive lists on reader threads, 100,000 referrals', { timeout: 600_000 }, () => {
  test('/healthz answers while a filter walks every document, which then ends with its answer', async () => {
    const t = await app({ workers: 2, queue: 8, budgetMs: 600_000 })
    try {
      const heavy = inFlight(list(t, walk))
      const health = await t.app.inject({ method: 'GET', url: '/healthz' })
      assert.equal(health.statusCode, 200)
      assert.equal(heavy.settled(), false, '/healthz waited for the heavy list')
      const response = await heavy.result
      assert.equal(response.statusCode, 200, response.body)
      assert.equal(response.json<{ '@odata.count': number }>()['@odata.count'], 0)
    } finally {
      await t.close()
    }
  })

  test('the budget stops the query with a 400 naming it, and the next query gets the freed reader', async () => {
    const t = await app({ workers: 1, queue: 0, budgetMs: 1000 })
    try {
      const response = await list(t, pathological)
      assert.equal(response.statusCode, 400, response.body)
      const { error } = response.json<ErrorBody>()
      assert.equal(error.code, 'invalidRequest')
      assert.equal(error.target, '$filter')
      assert.match(error.message, /1000 ms/)
      assert.match(error.message, /createdDateTime/)
      assert.equal(error.innerError?.details[0]?.code, 'queryBudget')
      const next = await list(t, small, tenantB)
      assert.equal(next.statusCode, 200, `the only reader was not freed: ${next.body}`)
      assert.equal(next.json<{ '@odata.count': number }>()['@odata.count'], 3)
    } finally {
      await t.close()
    }
  })

  test('with every reader busy and no room to wait, a list is answered 503 with Retry-After', async () => {
    const t = await app({ workers: 1, queue: 0, budgetMs: 600_000 })
    try {
      const heavy = inFlight(list(t, walk))
      let refused: Awaited<ReturnType<typeof list>> | undefined
      for (let n = 0; n < 200 && !refused && !heavy.settled(); n++) {
        const response = await list(t, small, tenantB)
        if (response.statusCode === 503) refused = response
        else assert.equal(response.statusCode, 200, response.body)
      }
      assert.ok(refused, 'no list was refused while the only reader was busy')
      assert.equal(refused.headers['retry-after'], '600')
      const { error } = refused.json<ErrorBody>()
      assert.equal(error.code, 'serviceNotAvailable')
      assert.equal(error.target, '$filter')
      assert.equal((await heavy.result).statusCode, 200)
    } finally {
      await t.close()
    }
  })
})

describe('kept counts and reader threads', () => {
  test('a count a reader made while a write went through is used once, and the next count is exact', async () => {
    const t = await app({ workers: 1, queue: 8, budgetMs: 600_000 })
    try {
      const count = async () =>
        (await list(t, small, tenantB)).json<{ '@odata.count': number }>()['@odata.count']
      const before = await count()
      for (let n = 1; n <= 3; n++) {
        const [, written] = await Promise.all([count(), createOne(t, tenantB)])
        assert.ok(written.id)
        assert.equal(await count(), before + n)
        assert.equal(await count(), before + n)
      }
    } finally {
      await t.close()
    }
  })
})
