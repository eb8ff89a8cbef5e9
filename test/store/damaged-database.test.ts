// A damaged database file (issue 9 item 5): garbage over the middle pages (header intact) is found
// when the store opens, /healthz answers 503 saying what to do, and reads that meet damage answer
// 503 with Microsoft's error body instead of 500; damage met only while serving does the same. A
// corrupt header stops the store from opening with a message naming the file and `cosell doctor`.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type Database from 'better-sqlite3'
import { StorageFault } from '../../src/domain/storage-fault.js'
import { SqliteReferralStore, StoreOpenError } from '../../src/store/sqlite/store.js'
import type { ErrorBody } from '../support/error-body.js'
import { collectionUrl, send } from '../support/referral-api.js'
import { scratchDirs, withReferrals } from '../support/scratch-dir.js'
import { garbleHeader, garbleMiddlePages } from '../support/damage.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

const scratchDir = scratchDirs('cosell-damage-')
const filledDataDir = (count = 60) => withReferrals(scratchDir(), count)

const databaseFile = (dir: string) => join(dir, 'cosell.db')

async function health(t: TestApp) {
  const res = await t.app.inject({ method: 'GET', url: '/healthz' })
  return { status: res.statusCode, body: res.json<{ status: string; reason?: string; action?: string }>() }
}

function assertDamagedAnswer(res: { statusCode: number; json<T>(): T }): void {
  assert.equal(res.statusCode, 503)
  const body = res.json<ErrorBody>()
  assert.equal(body.error.code, 'serviceNotAvailable')
  assert.equal(body.error.target, 'storage')
  assert.match(body.error.message, /database file is damaged/)
  assert.equal(body.error.innerError?.code, 'databaseDamaged')
}

describe('a database file with garbage in its middle', () => {
  test('is found at start: /healthz answers 503 with the reason and what to do', async () => {
    const { dir } = await filledDataDir()
    garbleMiddlePages(databaseFile(dir))
    const t = await makeTestApp({ dataDir: dir })
    try {
      const { status, body } = await health(t)
      assert.equal(status, 503)
      assert.equal(body.status, 'unhealthy')
      assert.match(body.reason ?? '', /damaged.*quick_check/)
      assert.match(body.action ?? '', /cosell doctor/)
    } finally {
      await t.close()
    }
  })

  test('a list over the damaged pages answers 503 serviceNotAvailable, not 500', async () => {
    const { dir } = await filledDataDir()
    garbleMiddlePages(databaseFile(dir))
    const t = await makeTestApp({ dataDir: dir })
    try {
      assertDamagedAnswer(await send(t.app, 'GET', `${collectionUrl}?$top=100`))
    } finally {
      await t.close()
    }
  })
})

describe('damage met while serving', () => {
  /** Garbles the file under a running store, and drops the pages the store had cached. */
  function damageUnder(t: TestApp & { dir: string }): void {
    const db = (t.store as unknown as { db: Database.Database }).db
    db.pragma('wal_checkpoint(TRUNCATE)')
    garbleMiddlePages(databaseFile(t.dir))
    db.pragma('shrink_memory')
  }

  test('answers 503, turns /healthz unhealthy, and is first seen once', async () => {
    const { dir, ids } = await filledDataDir()
    const t = Object.assign(await makeTestApp({ dataDir: dir }), { dir })
    try {
      assert.equal((await health(t)).status, 200, 'the file is sound at start')
      damageUnder(t)
      const first = await Promise.all(
        ids.map((id) => (async () => t.store.get(tenantA, id))().catch((e: unknown) => e)),
      )
      const faults = first.filter((e) => e instanceof StorageFault)
      assert.ok(faults.length > 0, 'no read met the damage')
      assert.deepEqual(
        faults.map((f) => f.firstSeen),
        [true, ...faults.slice(1).map(() => false)],
        'only the first read to meet the damage logs it',
      )
      assertDamagedAnswer(await send(t.app, 'GET', `${collectionUrl}?$top=100`))
      const { status, body } = await health(t)
      assert.equal(status, 503)
      assert.match(body.reason ?? '', /SQLITE_CORRUPT/)
    } finally {
      await t.close()
    }
  })
})

describe('a database file with a corrupt header', () => {
  test('does not open: the error names the file and cosell doctor', async () => {
    const { dir } = await filledDataDir(1)
    garbleHeader(databaseFile(dir))
    assert.throws(
      () => SqliteReferralStore.open(dir),
      (error: unknown) =>
        error instanceof StoreOpenError &&
        error.message.includes(databaseFile(dir)) &&
        error.message.includes('cosell doctor') &&
        error.message.includes('COSELL_DATA_DIR'),
    )
  })
})
