import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { authHeader, tenantA } from '../support/tokens.js'

describe('admin API: organisations and users', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  const admin = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/_cosell${url}`, ...(payload === undefined ? {} : { payload }) })

  test('an organisation is created with its locations and solution profiles, then updated in part', async () => {
    const created = await admin('PUT', `/organizations/${tenantA}`, {
      name: 'Fabrikam Partners',
      mpnId: '4863040',
      solutionProfiles: [{ id: 'SOL-15974-MQF', name: 'Fabrikam Ale', incentives: ['Azure IP co-sell'] }],
    })
    assert.equal(created.statusCode, 200, created.body)
    assert.deepEqual(created.json<{ solutionProfiles: unknown[] }>().solutionProfiles, [
      { id: 'SOL-15974-MQF', name: 'Fabrikam Ale', incentives: ['Azure IP co-sell'] },
    ])
    const renamed = await admin('PUT', `/organizations/${tenantA}`, { name: 'Fabrikam' })
    assert.equal(renamed.json<{ name: string; mpnId: string }>().mpnId, '4863040')
    assert.equal((await admin('GET', `/organizations/${tenantA}`)).json<{ name: string }>().name, 'Fabrikam')
  })

  test('the referrals API uses the organisation name and MPN id the admin set', async () => {
    await admin('PUT', `/organizations/${tenantA}`, { name: 'Fabrikam', mpnId: '4863040' })
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1.0/engagements/referrals',
      headers: authHeader(),
    })
    assert.equal(list.statusCode, 200)
    const organization = await admin('GET', `/organizations/${tenantA}`)
    assert.equal(organization.json<{ mpnId: string }>().mpnId, '4863040')
  })

  test('Microsoft is listed among the organisations from the start', async () => {
    const list = await admin('GET', '/organizations')
    assert.ok(list.json<{ value: { id: string }[] }>().value.some((o) => o.id === 'msft'))
  })

  test('users are saved with a role, listed, read and deleted', async () => {
    await admin('PUT', `/organizations/${tenantA}`, {})
    const saved = await admin('PUT', `/organizations/${tenantA}/users/Jane@Fabrikam.example`, {
      name: 'Jane',
      role: 'referral user',
    })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.deepEqual(
      { email: saved.json<{ email: string }>().email, role: saved.json<{ role: string }>().role },
      { email: 'jane@fabrikam.example', role: 'Referral User' },
    )
    const users = (await admin('GET', `/organizations/${tenantA}/users`)).json<{
      value: { email: string }[]
    }>().value
    assert.ok(users.some((u) => u.email === 'jane@fabrikam.example'))
    assert.equal(
      (await admin('DELETE', `/organizations/${tenantA}/users/jane@fabrikam.example`)).statusCode,
      204,
    )
    assert.equal(
      (await admin('GET', `/organizations/${tenantA}/users/jane@fabrikam.example`)).statusCode,
      404,
    )
  })

  test('bad bodies name the field and the allowed values', async () => {
    const response = await admin('PUT', `/organizations/${tenantA}/users/x@y.z`, { role: 'Owner' })
    assert.equal(response.statusCode, 400)
    const error = response.json<{ error: { target: string; message: string } }>().error
    assert.equal(error.target, 'role')
    assert.match(error.message, /Referral Admin, Referral User, Global Admin/)
    const org = await admin('PUT', `/organizations/${tenantA}`, {
      mpnId: 'abc',
      solutionProfiles: [{ name: 'no id' }],
    })
    assert.equal(org.statusCode, 400)
  })

  test('an unknown organisation answers 404', async () => {
    assert.equal((await admin('GET', '/organizations/unknown-tenant')).statusCode, 404)
  })
})

describe('admin API access', () => {
  test('with an admin token configured and loopback not trusted, only the token opens it', async () => {
    const { buildApp } = await import('../../src/http/app.js')
    const { createAuthSetup } = await import('../../src/auth/auth-setup.js')
    const t = await makeTestApp()
    const app = await buildApp(
      {
        store: t.store,
        clock: t.clock,
        ids: (await import('../../src/service/ids.js')).randomIds,
        rules: { requireContactConsent: true, requireMarketplaceIntent: false },
      },
      {
        publicUrl: null,
        createStatus: 200,
        logLevel: 'silent',
        adminToken: 's3cret',
        auth: await createAuthSetup({ mode: 'verify' }),
      },
    )
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/_cosell/organizations' })).statusCode, 401)
      const wrong = await app.inject({
        method: 'GET',
        url: '/_cosell/organizations',
        headers: { authorization: 'Bearer nope' },
      })
      assert.equal(wrong.statusCode, 403)
      assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'accessDenied')
      const right = await app.inject({
        method: 'GET',
        url: '/_cosell/organizations',
        headers: { authorization: 'Bearer s3cret' },
      })
      assert.equal(right.statusCode, 200)
    } finally {
      await app.close()
      await t.close()
    }
  })

  /** GET /_cosell/organizations from a client on the loopback interface. */
  const organizationsFromLoopback = (app: FastifyInstance, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/_cosell/organizations', remoteAddress: '127.0.0.1', headers })

  test('in emulator mode with an admin token configured, a loopback client needs the token too', async () => {
    const t = await makeTestApp({ adminToken: 'a-long-enough-admin-token' })
    try {
      const bare = await organizationsFromLoopback(t.app)
      assert.equal(bare.statusCode, 401)
      assert.match(bare.json<{ error: { message: string } }>().error.message, /COSELL_ADMIN_TOKEN/)
      const right = await organizationsFromLoopback(t.app, {
        authorization: 'Bearer a-long-enough-admin-token',
      })
      assert.equal(right.statusCode, 200)
    } finally {
      await t.close()
    }
  })

  for (const [name, value] of [
    ['forwarded', 'for=203.0.113.7;proto=https'],
    ['x-forwarded-for', '203.0.113.7'],
    ['x-real-ip', '203.0.113.7'],
  ] as const) {
    test(`in emulator mode without an admin token, a loopback request carrying ${name} is not trusted`, async () => {
      const t = await makeTestApp()
      try {
        const direct = await organizationsFromLoopback(t.app)
        assert.equal(direct.statusCode, 200, 'a direct loopback client is trusted')
        const proxied = await organizationsFromLoopback(t.app, { [name]: value })
        assert.equal(proxied.statusCode, 401)
        assert.equal(proxied.json<{ error: { target: string } }>().error.target, 'Authorization')
      } finally {
        await t.close()
      }
    })
  }
})
