// Throttling of the public API through inject(), on a throttle clock moved by hand: Partner
// Center's 429 word for word, a refused call left undone, only the public API throttled, and
// per-tenant overrides through the admin API, kept across a restart.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import type { ThrottleProfile } from '../../src/domain/throttle/throttle-profile.js'
import { assertInvalidRequest } from '../support/error-body.js'
import { collectionUrl, createReferral, postReferral, send } from '../support/referral-api.js'
import { makeTestApp, ManualMonotonicClock, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

const apps: TestApp[] = []
after(async () => {
  for (const app of apps) await app.close()
})

async function appWith(throttle: ThrottleProfile, dataDir?: string) {
  const clock = new ManualMonotonicClock()
  const t = await makeTestApp({ throttle, throttleClock: clock, ...(dataDir ? { dataDir } : {}) })
  apps.push(t)
  return { ...t, throttleClock: clock }
}

const list = (t: TestApp, tid = tenantA) => send(t.app, 'GET', collectionUrl, { tid })

function assertThrottled(res: LightMyRequestResponse, seconds: number): void {
  assert.equal(res.statusCode, 429, res.body)
  assert.equal(res.headers['retry-after'], String(seconds))
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  assert.equal(
    res.body,
    `{"statusCode":429,"message":"Rate limit is exceeded. Try again in ${seconds} seconds."}`,
  )
}

const readsTwoPerMinute: ThrottleProfile = {
  profile: 'custom',
  read: { limit: 2, periodSeconds: 60 },
  write: { limit: 1, periodSeconds: 10 },
}

describe('throttling: the 429', () => {
  test("the call past the budget answers 429, Retry-After and Partner Center's body, exactly", async () => {
    const t = await appWith(readsTwoPerMinute)
    assert.equal((await list(t)).statusCode, 200)
    assert.equal((await list(t)).statusCode, 200)
    assertThrottled(await list(t), 30)
    t.throttleClock.advance(29_999)
    assertThrottled(await list(t), 1)
    t.throttleClock.advance(1)
    assert.equal((await list(t)).statusCode, 200)
  })

  test('a refused write is not done: nothing is created, and the refusal costs the budget nothing', async () => {
    const t = await appWith(readsTwoPerMinute)
    await createReferral(t.app)
    assertThrottled(await postReferral(t.app), 10)
    assertThrottled(await postReferral(t.app, { not: 'even valid' }), 10) // refused before the body is read
    t.throttleClock.advance(10_000)
    await createReferral(t.app)
    t.throttleClock.advance(60_000)
    assert.equal((await list(t)).json<{ '@odata.count': number }>()['@odata.count'], 2)
  })

  test('reads and writes have their own budgets; tenants have their own buckets', async () => {
    const t = await appWith(readsTwoPerMinute)
    await list(t)
    await list(t)
    assertThrottled(await list(t), 30)
    await createReferral(t.app) // writes are untouched by the spent reads
    assert.equal((await list(t, tenantB)).statusCode, 200)
    assert.equal((await list(t, tenantB)).statusCode, 200)
    assertThrottled(await list(t, tenantB), 30)
  })

  test('every route of the public API is throttled: GET by id, PATCH, eligibility, and the aliases', async () => {
    const t = await appWith({ profile: 'custom', calls: { limit: 1, periodSeconds: 3600 } })
    const calls: [string, string][] = [
      ['GET', '/v1.0/engagements/referrals/00000000-0000-4000-8000-000000000001'],
      ['PATCH', '/v1.0/engagements/referrals/00000000-0000-4000-8000-000000000001'],
      ['GET', '/_cosell/referrals/00000000-0000-4000-8000-000000000001/dealRegistrationEligibility'],
      ['GET', '/v1.0/engagments/referrals'],
      ['GET', '/engagements/v1/referrals'],
    ]
    assert.equal((await list(t)).statusCode, 200)
    for (const [method, url] of calls)
      assertThrottled(
        await send(t.app, method as 'GET', url, { body: method === 'GET' ? undefined : [] }),
        3600,
      )
  })

  test('a call without a valid token is answered 401 and spends no budget', async () => {
    const t = await appWith({ profile: 'custom', calls: { limit: 1, periodSeconds: 60 } })
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: collectionUrl })
      assert.equal(res.statusCode, 401)
    }
    assert.equal((await list(t)).statusCode, 200)
  })

  test('the admin API, /healthz and the token endpoints are not throttled', async () => {
    const t = await appWith({ profile: 'custom', calls: { limit: 1, periodSeconds: 3600 } })
    await list(t)
    for (let i = 0; i < 5; i++) {
      assert.equal((await t.app.inject({ method: 'GET', url: '/_cosell/clock' })).statusCode, 200)
      assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
      const token = await t.app.inject({
        method: 'POST',
        url: `/${tenantA}/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          client_id: 'throttle-test',
          grant_type: 'password',
          username: 'john@partner.example',
          password: 'x',
          scope: 'https://api.partner.microsoft.com/.default',
        }).toString(),
      })
      assert.equal(token.statusCode, 200, token.body)
    }
    assertThrottled(await list(t), 3600)
  })
})

describe('throttling: per-tenant overrides through the admin API', () => {
  const admin = (t: TestApp, method: 'GET' | 'PUT' | 'DELETE', path = '', payload?: unknown) =>
    t.app.inject({
      method,
      url: `/_cosell/throttling${path}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    })

  test('an override throttles that tenant only, from its next call; clearing it restores the default', async () => {
    const t = await appWith({ profile: 'off' })
    const set = await admin(t, 'PUT', `/${tenantA.toUpperCase()}`, {
      profile: 'custom',
      write: { limit: 1, periodSeconds: 60 },
    })
    assert.equal(set.statusCode, 200, set.body)
    assert.deepEqual(set.json(), {
      tenantId: tenantA,
      profile: { profile: 'custom', write: { limit: 1, periodSeconds: 60 } },
      source: 'override',
    })
    await createReferral(t.app)
    assertThrottled(await postReferral(t.app), 60)
    await createReferral(t.app, undefined, tenantB)
    await createReferral(t.app, undefined, tenantB)
    for (let i = 0; i < 5; i++) assert.equal((await list(t)).statusCode, 200) // no read budget given

    const cleared = await admin(t, 'DELETE', `/${tenantA}`)
    assert.equal(cleared.statusCode, 204)
    await createReferral(t.app)
    assert.equal((await admin(t, 'DELETE', `/${tenantA}`)).statusCode, 204) // nothing left to clear
    assert.deepEqual((await admin(t, 'GET', `/${tenantA}`)).json(), {
      tenantId: tenantA,
      profile: { profile: 'off' },
      source: 'default',
    })
  })

  test('GET /_cosell/throttling lists the default and every override', async () => {
    const t = await appWith({ profile: 'connector' })
    await admin(t, 'PUT', `/${tenantB}`, { profile: 'off' })
    await admin(t, 'PUT', `/${tenantA}`, { profile: 'custom', calls: { limit: '500', periodSeconds: '60' } })
    assert.deepEqual((await admin(t, 'GET')).json(), {
      default: { profile: 'connector' },
      tenants: [
        {
          tenantId: tenantA,
          profile: { profile: 'custom', calls: { limit: 500, periodSeconds: 60 } },
          source: 'override',
        },
        { tenantId: tenantB, profile: { profile: 'off' }, source: 'override' },
      ],
    })
    for (let i = 0; i < 150; i++) assert.equal((await list(t, tenantB)).statusCode, 200)
  })

  test('a bad profile is a 400 naming each field, its rule and the allowed values; nothing changes', async () => {
    const t = await appWith({ profile: 'off' })
    assertInvalidRequest(
      await admin(t, 'PUT', `/${tenantA}`, { profile: 'fast', read: { limit: 0, periodSeconds: 90_000 } }),
      [
        { target: 'profile', allowed: ['off', 'connector', 'custom'] },
        { target: 'read.limit', mentions: '>= 1' },
        { target: 'read.periodSeconds', mentions: '<= 86400' },
      ],
    )
    assertInvalidRequest(await admin(t, 'PUT', `/${tenantA}`, { profile: 'custom' }), [
      { target: 'profile', allowed: ['calls', 'read', 'write'] },
    ])
    assertInvalidRequest(
      await admin(t, 'PUT', `/${tenantA}`, { profile: 'connector', write: { limit: 5, periodSeconds: 60 } }),
      [{ target: 'write', mentions: 'custom profile' }],
    )
    assertInvalidRequest(await admin(t, 'PUT', `/${tenantA}`, {}), [{ target: 'profile' }])
    assertInvalidRequest(await admin(t, 'PUT', '/not%20a%20tenant', { profile: 'off' }), [
      { target: 'tenantId', mentions: 'not a tenant id' },
    ])
    assert.deepEqual((await admin(t, 'GET')).json(), { default: { profile: 'off' }, tenants: [] })
  })

  test('overrides are kept with the data: a restarted server throttles by them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cosell-throttle-'))
    try {
      const first = await appWith({ profile: 'off' }, dataDir)
      await admin(first, 'PUT', `/${tenantA}`, { profile: 'custom', read: { limit: 1, periodSeconds: 60 } })
      await first.close()
      apps.splice(apps.indexOf(first), 1)
      const second = await appWith({ profile: 'off' }, dataDir)
      assert.equal((await admin(second, 'GET', `/${tenantA}`)).json<{ source: string }>().source, 'override')
      assert.equal((await list(second)).statusCode, 200)
      assertThrottled(await list(second), 60)
      assert.equal(
        (await second.app.inject({ method: 'POST', url: '/_cosell/reset', payload: {} })).statusCode,
        200,
      )
      assertThrottled(await list(second), 60) // configuration, not sandbox data: a reset keeps it
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
