// GET /readyz: ready while the store answers a trivial query, on either store; not ready, with the
// reason, when the database is damaged, gone, or silent past a second.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import Fastify from 'fastify'
import pg from 'pg'
import { registerHealthRoute } from '../../src/http/routes/health.js'
import { PostgresReferralStore } from '../../src/store/postgres/store.js'
import type { ReferralStore } from '../../src/store/referral-store.js'
import { garbleMiddlePages } from '../support/damage.js'
import { freshDatabase, postgresUnavailable } from '../support/postgres.js'
import { scratchDirs, withReferrals } from '../support/scratch-dir.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

const pgUnavailable = await postgresUnavailable()
if (pgUnavailable) console.log(`# skipping /readyz on PostgreSQL: ${pgUnavailable}`)

const scratchDir = scratchDirs('cosell-readyz-')
const apps: TestApp[] = []
after(async () => {
  for (const t of apps) await t.close()
})

async function readyz(app: TestApp['app']) {
  const res = await app.inject({ method: 'GET', url: '/readyz' })
  return { status: res.statusCode, body: res.json<{ status: string; reason?: string }>() }
}

describe('/readyz on the embedded store', () => {
  test('answers 200 {"status":"ready"}', async () => {
    const t = await makeTestApp({ dataDir: scratchDir() })
    apps.push(t)
    assert.deepEqual(await readyz(t.app), { status: 200, body: { status: 'ready' } })
  })

  test('a damaged database file: 503 "not ready" with the reason', async () => {
    const { dir } = await withReferrals(scratchDir(), 60)
    garbleMiddlePages(join(dir, 'cosell.db'))
    const t = await makeTestApp({ dataDir: dir })
    apps.push(t)
    const { status, body } = await readyz(t.app)
    assert.equal(status, 503)
    assert.equal(body.status, 'not ready')
    assert.match(body.reason ?? '', /the database did not answer: .*damaged/)
  })
})

describe('/readyz on a store that does not answer', () => {
  test('503 after about a second, saying the database did not answer in time', async () => {
    const silent = { ping: () => new Promise<void>(() => undefined) } as unknown as ReferralStore
    const app = Fastify()
    registerHealthRoute(app, { store: silent })
    const res = await app.inject({ method: 'GET', url: '/readyz' })
    assert.equal(res.statusCode, 503)
    assert.deepEqual(res.json(), { status: 'not ready', reason: 'the database did not answer in time' })
    await app.close()
  })
})

describe('/readyz on PostgreSQL', { skip: pgUnavailable ?? false }, () => {
  test('200 while the database answers; 503 once it is gone', async () => {
    const url = await freshDatabase()
    const store = await PostgresReferralStore.open(url)
    try {
      const app = Fastify()
      registerHealthRoute(app, { store })
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
      await dropDatabase(url)
      const res = await app.inject({ method: 'GET', url: '/readyz' })
      assert.equal(res.statusCode, 503)
      const body = res.json<{ status: string; reason: string }>()
      assert.equal(body.status, 'not ready')
      assert.match(body.reason, /^the database did not answer/)
      await app.close()
    } finally {
      await store.close().catch(() => undefined)
    }
  })
})

async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  const client = new pg.Client({ ...pgServer(url), database: 'postgres' })
  await client.connect()
  try {
    await client.query(`DROP DATABASE ${name} WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

function pgServer(url: string) {
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port), user: parsed.username }
}
