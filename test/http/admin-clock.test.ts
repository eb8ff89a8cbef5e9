// The virtual clock through the admin API (issue 4 item 6): read, advance, set, freeze, resume;
// bad bodies name the field and the rule; referrals are stamped by it and expire by it.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, beforeEach, describe, test } from 'node:test'
import { assertInvalidRequest } from '../support/error-body.js'
import { insertIncoming } from '../support/incoming.js'
import { createReferral, readReferral } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

interface Clock {
  now: string
  frozen: boolean
  offset: string
  expired?: number
  microsoft?: { accepted: number; declined: number; closed: number }
}

const start = '2026-03-01T10:00:00.0000000Z' // the test app's manual wall clock

describe('admin API: the virtual clock', () => {
  let t: TestApp
  const apps: TestApp[] = []
  beforeEach(async () => {
    t = await makeTestApp()
    apps.push(t)
  })
  after(async () => {
    for (const app of apps) await app.close()
  })

  const clock = async (body?: unknown) => {
    const res = await t.app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url: '/_cosell/clock',
      ...(body === undefined ? {} : { payload: body as object }),
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<Clock>()
  }
  const post = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/_cosell/clock',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    })

  test('GET answers the time, whether it is frozen, and the offset from wall time', async () => {
    assert.deepEqual(await clock(), { now: start, frozen: false, offset: 'PT0S' })
  })

  test('advance moves the clock forward by an ISO-8601 duration, and it keeps running', async () => {
    const { now, frozen, offset, expired, microsoft } = await clock({ advance: 'P14DT1H' })
    assert.deepEqual(
      { now, frozen, offset, expired, microsoft },
      {
        now: '2026-03-15T11:00:00.0000000Z',
        frozen: false,
        offset: 'P14DT1H',
        expired: 0,
        microsoft: { accepted: 0, declined: 0, closed: 0 },
      },
    )
    t.clock.advance(60_000)
    assert.equal((await clock()).now, '2026-03-15T11:01:00.0000000Z')
  })

  test('freeze stops the clock while wall time runs; resume runs on from where it stood', async () => {
    await clock({ freeze: true })
    t.clock.advance(3_600_000)
    assert.deepEqual(await clock(), { now: start, frozen: true, offset: '-PT1H' })
    await clock({ resume: true })
    t.clock.advance(60_000)
    assert.deepEqual(await clock(), { now: '2026-03-01T10:01:00.0000000Z', frozen: false, offset: '-PT1H' })
  })

  test('set moves the clock to an instant; a frozen clock stays frozen there', async () => {
    await clock({ freeze: true })
    assert.equal((await clock({ set: '2026-04-01T09:30:00.250+02:00' })).now, '2026-04-01T07:30:00.2500000Z')
    t.clock.advance(1000)
    assert.equal((await clock()).now, '2026-04-01T07:30:00.2500000Z')
  })

  test('referrals are stamped with the virtual time', async () => {
    await clock({ advance: 'P3D' })
    const created = await createReferral(t.app)
    assert.equal(created.createdDateTime, '2026-03-04T10:00:00.0000000Z')
    assert.equal(created.updatedDateTime, '2026-03-04T10:00:00.0000000Z')
  })

  test('an incoming lead not acted on expires when an advance passes its expiration, and not before', async () => {
    const lead = await insertIncoming(t.store, { organizationId: tenantA, receivedAt: t.clock.now() })
    assert.equal((await clock({ advance: 'P13D' })).expired, 0)
    assert.equal((await readReferral(t.app, lead.id)).referral.status, 'New')
    assert.equal((await clock({ set: '2026-03-15T10:00:00Z' })).expired, 1)
    const { referral, etag } = await readReferral(t.app, lead.id)
    assert.deepEqual([referral.status, referral.substatus], ['Closed', 'Expired'])
    assert.equal(referral.closedDateTime, '2026-03-15T10:00:00.0000000Z')
    assert.equal(etag, referral.eTag)
    assert.notEqual(referral.eTag, lead.eTag)
    assert.equal((await clock({ advance: 'P1D' })).expired, 0, 'expired twice')
  })

  const badBodies: [string, unknown, string, string][] = [
    ['an empty object', {}, 'body', 'oneAction'],
    ['two actions', { advance: 'P1D', freeze: true }, 'freeze', 'oneAction'],
    ['an unknown action', { advanse: 'P1D' }, 'advanse', 'unknown'],
    ['a negative duration', { advance: '-P1D' }, 'advance', 'negative'],
    ['text that is not a duration', { advance: '14 days' }, 'advance', 'duration'],
    ['a number of milliseconds', { advance: 86400000 }, 'advance', 'duration'],
    ['a time that is not a date-time', { set: 'tomorrow' }, 'set', 'format'],
    ['a time earlier than now', { set: '2026-02-28T23:59:59Z' }, 'set', 'backwards'],
    ['freeze: false', { freeze: false }, 'freeze', 'type'],
    ['an array', [{ advance: 'P1D' }], 'body', 'type'],
  ]
  for (const [what, body, target, rule] of badBodies) {
    test(`${what} answers 400 naming ${target} and the rule ${rule}, and the clock stays`, async () => {
      const problems = assertInvalidRequest(await post(body), [{ target }])
      assert.ok(
        problems.some((p) => p.target === target && p.code === rule),
        JSON.stringify(problems),
      )
      assert.deepEqual(await clock(), { now: start, frozen: false, offset: 'PT0S' })
    })
  }

  test('the negative-duration answer says why time does not run backwards', async () => {
    const res = await post({ advance: '-PT1H' })
    assert.match(
      res.json<{ error: { message: string } }>().error.message,
      /stored referrals were stamped by this clock/,
    )
  })

  test('the clock survives a restart on the same data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-clock-'))
    try {
      const first = await makeTestApp({ dataDir: dir })
      await first.app.inject({ method: 'POST', url: '/_cosell/clock', payload: { advance: 'P20D' } })
      await first.close()
      t = await makeTestApp({ dataDir: dir })
      apps.push(t)
      assert.deepEqual(await clock(), { now: '2026-03-21T10:00:00.0000000Z', frozen: false, offset: 'P20D' })
    } finally {
      await t.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
