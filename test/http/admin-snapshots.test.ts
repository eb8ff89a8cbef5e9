// Reset and named snapshots (issue 4 item 7): a restore brings back every referral (the stored
// rows byte for byte, eTags included), organisation, user and the clock; what came after the save
// is gone. Reset empties the sandbox but keeps Microsoft and the snapshots.
import type { PostgresDatabase } from '../../src/store/postgres/database.js'
import assert from 'node:assert/strict'
import type { Database } from 'better-sqlite3'
import { after, beforeEach, describe, test } from 'node:test'
import type { SnapshotInfo } from '../../src/domain/sandbox/snapshot.js'
import { assertErrorBody, assertInvalidRequest } from '../support/error-body.js'
import { createReferral, itemUrl, patchReferral, replace, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

describe('admin API: reset and snapshots', () => {
  let t: TestApp
  const apps: TestApp[] = []
  beforeEach(async () => {
    t = await makeTestApp()
    apps.push(t)
  })
  after(async () => {
    for (const app of apps) await app.close()
  })

  const admin = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/_cosell${url}`, ...(payload === undefined ? {} : { payload }) })
  const ok = async <T>(method: 'GET' | 'PUT' | 'POST', url: string, payload?: object): Promise<T> => {
    const res = await admin(method, url, payload)
    assert.equal(res.statusCode, 200, res.body)
    return res.json<T>()
  }

  /** Every row of every sandbox table, as stored (in SQLite or in PostgreSQL). */
  const tables = async () => {
    const db = (t.store as unknown as { db: Database | PostgresDatabase }).db
    const rows = (sql: string) => ('prepare' in db ? db.prepare(sql).all() : db.rows(sql))
    const all: Record<string, unknown> = {}
    for (const table of ['referrals', 'organizations', 'users', 'changes'])
      all[table] = await rows(`SELECT * FROM ${table} ORDER BY 1, 2`)
    return all
  }

  async function populate() {
    await ok('PUT', `/organizations/${tenantA}`, { name: 'Fabrikam', mpnId: '4863040' })
    await ok('PUT', `/organizations/${tenantA}/users/jane@fabrikam.example`, {
      name: 'Jane',
      role: 'Referral User',
    })
    const a = await createReferral(t.app)
    const b = await createReferral(t.app, undefined, tenantB)
    assert.equal(
      (await patchReferral(t.app, a.id, [replace('/details/notes', 'Second meeting booked.')])).statusCode,
      204,
    )
    await ok('POST', '/clock', { advance: 'P2DT3H' })
    await ok('POST', '/clock', { freeze: true })
    return { a, b }
  }

  test('a restore brings back every referral, organisation, user and the clock exactly', async () => {
    const { a } = await populate()
    const before = await tables()
    const clock = await ok('GET', '/clock')
    const saved = await ok<SnapshotInfo>('PUT', '/snapshots/before-demo')
    assert.deepEqual(saved.counts, { referrals: 2, organizations: 3, users: 3, changes: 3, syncRecords: 0 }) // Jane, and each caller on first use; two creates and a PATCH
    assert.deepEqual(saved.clock, { now: '2026-03-03T13:00:00.0000000Z', frozen: true })

    // after the save: a new referral, a change, a new organisation, a deleted user, time moves on
    const later = await createReferral(t.app)
    await patchReferral(t.app, a.id, [replace('/status', 'Closed'), replace('/substatus', 'Won')])
    await ok('PUT', '/organizations/33333333-3333-4333-8333-333333333333', { name: 'Tailspin' })
    assert.equal(
      (await admin('DELETE', `/organizations/${tenantA}/users/jane@fabrikam.example`)).statusCode,
      204,
    )
    await ok('POST', '/clock', { resume: true })
    await ok('POST', '/clock', { advance: 'P30D' })
    t.clock.advance(3_600_000)

    const restored = await ok<SnapshotInfo>('POST', '/snapshots/before-demo/restore')
    assert.deepEqual(restored, saved)
    assert.deepEqual(await tables(), before)
    // the same instant, still frozen; wall time ran on by an hour, so the offset is an hour less
    assert.deepEqual(clock, { now: '2026-03-03T13:00:00.0000000Z', frozen: true, offset: 'P2DT3H' })
    assert.deepEqual(await ok('GET', '/clock'), { ...clock, offset: 'P2DT2H' })
    assert.equal((await send(t.app, 'GET', itemUrl(later.id))).statusCode, 404)
  })

  test('a running clock is restored to the instant it read, and runs on from there', async () => {
    await ok('POST', '/clock', { advance: 'P5D' })
    await ok('PUT', '/snapshots/running')
    await ok('POST', '/clock', { advance: 'P5D' })
    t.clock.advance(60_000)
    await ok('POST', '/snapshots/running/restore')
    assert.deepEqual(await ok('GET', '/clock'), {
      now: '2026-03-06T10:00:00.0000000Z',
      frozen: false,
      offset: 'P4DT23H59M',
    })
  })

  test('snapshots are listed with their time and counts; saving a name again replaces it', async () => {
    await createReferral(t.app)
    await ok('PUT', '/snapshots/one')
    await createReferral(t.app)
    t.clock.advance(1000)
    await ok('PUT', '/snapshots/two')
    await createReferral(t.app)
    t.clock.advance(1000)
    await ok('PUT', '/snapshots/one')
    const { value } = await ok<{ value: SnapshotInfo[] }>('GET', '/snapshots')
    assert.deepEqual(
      value.map((s) => [s.name, s.counts.referrals]),
      [
        ['two', 2],
        ['one', 3],
      ],
    )
    assert.match(value[0]!.savedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
  })

  test('names are case-sensitive', async () => {
    await ok('PUT', '/snapshots/Demo')
    await createReferral(t.app)
    await ok('PUT', '/snapshots/demo')
    const { value } = await ok<{ value: SnapshotInfo[] }>('GET', '/snapshots')
    assert.deepEqual(value.map((s) => [s.name, s.counts.referrals]).sort(), [
      ['Demo', 0],
      ['demo', 1],
    ])
  })

  test('a deleted snapshot is gone; unknown names answer 404', async () => {
    await ok('PUT', '/snapshots/temp')
    assert.equal((await admin('DELETE', '/snapshots/temp')).statusCode, 204)
    assertErrorBody(await admin('DELETE', '/snapshots/temp'), 404, 'itemNotFound')
    assertErrorBody(await admin('POST', '/snapshots/temp/restore'), 404, 'itemNotFound')
    assert.deepEqual((await ok<{ value: unknown[] }>('GET', '/snapshots')).value, [])
  })

  for (const name of ['two%20words', 'x'.repeat(65), 'caf%C3%A9', '...']) {
    test(`the name '${decodeURIComponent(name).slice(0, 20)}' is refused with the rule`, async () => {
      assertInvalidRequest(await admin('PUT', `/snapshots/${name}`), [{ target: 'name' }])
    })
  }

  test('reset removes every referral, organisation and user, recreates Microsoft, and puts the clock back', async () => {
    const { a } = await populate()
    await ok('PUT', '/snapshots/kept')
    const reset = await ok<{ removed: object; clock: object }>('POST', '/reset')
    assert.deepEqual(reset.removed, { referrals: 2, organizations: 3, users: 3, changes: 3, syncRecords: 0 })
    assert.deepEqual(reset.clock, { now: '2026-03-01T10:00:00.0000000Z', frozen: false, offset: 'PT0S' })
    const organizations = await ok<{ value: { id: string }[] }>('GET', '/organizations')
    assert.deepEqual(
      organizations.value.map((o) => o.id),
      ['msft'],
    )
    assert.equal((await send(t.app, 'GET', itemUrl(a.id))).statusCode, 404)
    assert.equal((await ok<{ value: unknown[] }>('GET', '/snapshots')).value.length, 1)
    await ok('POST', '/snapshots/kept/restore')
    assert.equal((await send(t.app, 'GET', itemUrl(a.id))).statusCode, 200)
  })
})
