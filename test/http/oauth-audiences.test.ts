// Issue 15 item 1: tokens are issued for, and the API accepts, every audience a real client may
// derive: Partner Center's two hosts and app ids, and cosell's own URL in its http and https forms,
// with or without a default port or trailing slash, and as /.default scopes. Nothing else.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { decodeJwt } from 'jose'
import { issueAccessToken } from '../../src/auth/issue-token.js'
import { makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'

const host = '127.0.0.1:8080' // the Host header every request here carries
const tid = '44444444-4444-4444-8444-444444444444'

function v1(resource: string) {
  return { grant_type: 'password', client_id: 'app', username: 'ann@contoso.com', password: 'x', resource }
}
function v2(scope: string) {
  return { grant_type: 'password', client_id: 'app', username: 'ann@contoso.com', password: 'x', scope }
}

async function tokenFor(app: FastifyInstance, path: string, fields: Record<string, string>) {
  const res = await postForm(app, path, fields, { host })
  assert.equal(res.statusCode, 200, `${JSON.stringify(fields)}: ${res.body}`)
  return res.json<{ access_token: string }>().access_token
}

function list(app: FastifyInstance, token: string, callHost = host) {
  return app.inject({
    method: 'GET',
    url: '/v1.0/engagements/referrals',
    headers: { authorization: `Bearer ${token}`, host: callHost },
  })
}

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp()
})
after(() => t.close())

describe('accepted audiences', () => {
  const resources: [asked: string, aud: string][] = [
    ['https://api.partner.microsoft.com', 'https://api.partner.microsoft.com'],
    ['https://api.partner.microsoft.com/', 'https://api.partner.microsoft.com/'],
    ['https://api.partnercenter.microsoft.com', 'https://api.partnercenter.microsoft.com'],
    ['https://api.partnercenter.microsoft.com:443/', 'https://api.partnercenter.microsoft.com:443/'],
    ['fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd', 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'],
    ['4990cffe-04e8-4e8b-808a-1175604b879f', '4990cffe-04e8-4e8b-808a-1175604b879f'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://127.0.0.1:8080/', 'https://127.0.0.1:8080/'],
    ['HTTPS://127.0.0.1:8080', 'HTTPS://127.0.0.1:8080'],
  ]
  for (const [asked, aud] of resources) {
    test(`a v1 token for resource ${asked} has aud ${aud} and opens the API`, async () => {
      const token = await tokenFor(t.app, '/common/oauth2/token', v1(asked))
      assert.equal(decodeJwt(token).aud, aud)
      assert.equal((await list(t.app, token)).statusCode, 200)
    })
  }

  const scopes: [asked: string, aud: string][] = [
    ['https://api.partner.microsoft.com/.default', 'https://api.partner.microsoft.com'],
    ['https://api.partnercenter.microsoft.com/.default', 'https://api.partnercenter.microsoft.com'],
    ['http://127.0.0.1:8080/.default', 'http://127.0.0.1:8080'],
    ['https://127.0.0.1:8080//.default', 'https://127.0.0.1:8080/'],
    ['fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd/.default', 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'],
  ]
  for (const [asked, aud] of scopes) {
    test(`a v2 token for scope ${asked} has aud ${aud} and opens the API`, async () => {
      const token = await tokenFor(t.app, '/common/oauth2/v2.0/token', v2(`${asked} openid`))
      assert.equal(decodeJwt(token).aud, aud)
      assert.equal((await list(t.app, token)).statusCode, 200)
    })
  }

  test("with a public URL on the default port, its forms with and without :443 and http's are accepted", async () => {
    const pub = await makeAuthTestApp({ publicUrl: 'https://cosell.example.com' })
    try {
      for (const resource of [
        'https://cosell.example.com',
        'https://cosell.example.com:443/',
        'http://cosell.example.com',
      ]) {
        const token = await tokenFor(pub.app, '/common/oauth2/token', v1(resource))
        assert.equal((await list(pub.app, token, 'anything.local')).statusCode, 200, resource)
      }
      const refused = await postForm(pub.app, '/common/oauth2/token', v1(`http://${host}`), { host })
      assert.equal(refused.statusCode, 400, 'the request host is not the public URL')
    } finally {
      await pub.close()
    }
  })
})

describe('other audiences', () => {
  for (const resource of [
    'https://graph.microsoft.com',
    'http://api.partner.microsoft.com',
    'http://127.0.0.1:9090',
    'https://evil.example.com',
    'https://127.0.0.1:8080/other',
  ]) {
    test(`a token for ${resource} is refused with AADSTS500011 naming what is accepted`, async () => {
      const res = await postForm(t.app, '/common/oauth2/token', v1(resource), { host })
      assert.equal(res.statusCode, 400)
      const body = res.json<{ error: string; error_codes: number[]; error_description: string }>()
      assert.equal(body.error, 'invalid_resource')
      assert.deepEqual(body.error_codes, [500011])
      assert.ok(
        body.error_description.includes(
          `The resource principal named ${resource} was not found in the tenant. cosell issues tokens for https://api.partner.microsoft.com, https://api.partnercenter.microsoft.com, 4990cffe-04e8-4e8b-808a-1175604b879f, fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd, http://127.0.0.1:8080 (`,
        ),
        body.error_description,
      )
    })
  }

  test('a cosell-signed token for another audience does not open the API (401)', async () => {
    const token = await issueAccessToken(t.auth.key, {
      principal: { tenantId: tid, objectId: tid, clientId: 'app', username: 'ann@contoso.com' },
      issuerBase: `http://${host}`,
      version: '2.0',
      now: t.auth.clock.now(),
      lifetimeSeconds: 600,
      audience: 'https://graph.microsoft.com',
    })
    const res = await list(t.app, token)
    assert.equal(res.statusCode, 401)
    assert.match(
      res.json<{ error: { message: string } }>().error.message,
      /audience 'https:\/\/graph\.microsoft\.com' is not accepted/,
    )
  })

  test("a token for cosell's URL by one host does not open the API called by another host", async () => {
    const token = await tokenFor(t.app, '/common/oauth2/token', v1(`http://${host}`))
    assert.equal((await list(t.app, token, 'cosell.example:8080')).statusCode, 401)
    assert.equal((await list(t.app, token, 'localhost:9090')).statusCode, 401) // another port: another server
    assert.equal((await list(t.app, token, 'localhost:8080')).statusCode, 200) // the same server by its other loopback name
  })
})

describe('COSELL_AUDIENCES', () => {
  test('in verify mode the configured audiences replace the defaults', async () => {
    const v = await makeAuthTestApp({
      mode: 'verify',
      audiences: ['api://cosell-sandbox', 'https://partner.example.com/'],
    })
    try {
      const tokenWith = (audience: string) =>
        issueAccessToken(v.auth.key, {
          principal: { tenantId: tid, objectId: tid, clientId: 'app', username: 'ann@contoso.com' },
          issuerBase: `http://${host}`,
          version: '2.0',
          now: v.auth.clock.now(),
          lifetimeSeconds: 600,
          audience,
        })
      const cases: [string, number][] = [
        ['api://cosell-sandbox', 200],
        ['https://partner.example.com', 200],
        ['https://api.partner.microsoft.com', 401],
        [`http://${host}`, 401],
      ]
      for (const [audience, status] of cases)
        assert.equal((await list(v.app, await tokenWith(audience))).statusCode, status, audience)
    } finally {
      await v.close()
    }
  })
})
