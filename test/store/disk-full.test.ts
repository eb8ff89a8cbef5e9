// A full disk (issue 9 item 5), without filling a real disk: a lowered PRAGMA max_page_count on the
// store's own connection makes SQLite answer SQLITE_FULL exactly as ENOSPC would; raising it is
// space coming back. Creates answer 507 with Microsoft's error body, nothing is half written, the
// other writes of the same turn are kept, and the next write after space returns succeeds. The
// write batch's own failure paths are in write-batch.test.ts.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type Database from 'better-sqlite3'
import type { Referral } from '../../src/domain/referral/schema.js'
import { collectionUrl, postReferral, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import type { ErrorBody } from '../support/error-body.js'
import { scratchDirs } from '../support/scratch-dir.js'

const dataDir = scratchDirs('cosell-full-')

type Connection = Database.Database
const connectionOf = (t: TestApp) => (t.store as unknown as { db: Connection }).db

/** No page beyond those the file has now: the next write that needs one fails with SQLITE_FULL. */
function fillDisk(db: Connection): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
}
const freeSpace = (db: Connection) => db.pragma('max_page_count = 1073741823')

describe('the API on a full disk', () => {
  test('creates answer 507 insufficientStorage with nothing half written, and succeed again once space returns', async () => {
    const t = await makeTestApp({ dataDir: dataDir() })
    try {
      await postReferral(t.app) // the organisation and its first referral exist before the disk fills
      const counted = await send(t.app, 'GET', `${collectionUrl}?$count=true`) // a kept count, to be kept exact
      assert.equal(counted.statusCode, 200)
      fillDisk(connectionOf(t))
      const answers = await Promise.all(Array.from({ length: 24 }, () => postReferral(t.app)))
      const statuses = answers.map((a) => a.statusCode)
      assert.ok(
        statuses.every((s) => s === 200 || s === 507),
        `only 200 or 507: ${statuses.join(' ')}`,
      )
      const full = answers.find((a) => a.statusCode === 507)
      assert.ok(full, 'the disk never filled: raise the number of creates')
      const body = full.json<ErrorBody>()
      assert.equal(body.error.code, 'insufficientStorage')
      assert.equal(body.error.target, 'storage')
      assert.match(body.error.message, /disk is full/)
      assert.equal(body.error.innerError?.code, 'diskFull')
      assert.equal(full.headers['content-type'], 'application/json; charset=utf-8')

      const health = await t.app.inject({ method: 'GET', url: '/healthz' })
      assert.equal(health.statusCode, 200, 'a full disk is not a reason to restart the server')
      assert.equal(health.json<{ status: string }>().status, 'degraded')

      const stored = answers.filter((a) => a.statusCode === 200).map((a) => a.json<Referral>().id)
      const list = await send(t.app, 'GET', `${collectionUrl}?$count=true&$top=100`)
      const page = list.json<{ value: Referral[]; '@odata.count': number }>()
      assert.equal(page['@odata.count'], stored.length + 1, 'the kept count is exact')
      assert.deepEqual(
        page.value
          .map((r) => r.id)
          .filter((id) => stored.includes(id))
          .sort(),
        [...stored].sort(),
        'every acknowledged create is stored',
      )
      assert.equal(page.value.length, stored.length + 1, 'no create that answered 507 is stored')

      freeSpace(connectionOf(t))
      const again = await postReferral(t.app)
      assert.equal(again.statusCode, 200, `after space returned: ${again.body}`)
      const healthy = await t.app.inject({ method: 'GET', url: '/healthz' })
      assert.deepEqual(healthy.json(), { status: 'ok' })
      const recount = await send(t.app, 'GET', `${collectionUrl}?$count=true&$top=1`)
      assert.equal(recount.json<{ '@odata.count': number }>()['@odata.count'], stored.length + 2)
    } finally {
      await t.close()
    }
  })
})
