// Tokens and discovery documents name the host the client called (its Host header), not the
// address the server listens on; forwarded headers do not change it. A server reached on its
// loopback interface is one server under each name: a token asked for via localhost verifies
// when presented via 127.0.0.1, in verify mode too, its audience included.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { decodeJwt } from 'jose'
import { makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'

const tid = '44444444-4444-4444-8444-444444444444'
const clientCredentials = (scope: string) => ({
  grant_type: 'client_credentials',
  client_id: '5d1c3b5e-0c7a-4b8e-9a57-0f2f1b6c1a01',
  client_secret: 'sandbox',
  scope,
})

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp({ mode: 'verify', allowInsecure: true })
})
after(async () => {
  await t.close()
})

async function tokenVia(
  app: FastifyInstance,
  host: string,
  scope = 'https://api.partner.microsoft.com/.default',
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await postForm(app, `/${tid}/oauth2/v2.0/token`, clientCredentials(scope), { host, ...headers })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<{ access_token: string }>().access_token
}

function listVia(app: FastifyInstance, host: string, token: string) {
  return app.inject({
    url: '/v1.0/engagements/referrals?$top=1',
    headers: { host, authorization: `Bearer ${token}` },
  })
}

describe('the issuer follows the URL the client used', () => {
  for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:9000', 'cosell.internal']) {
    test(`a token asked for via ${host} names http://${host} as issuer, as its discovery document does`, async () => {
      assert.equal(decodeJwt(await tokenVia(t.app, host)).iss, `http://${host}/${tid}/v2.0`)
      const doc = (
        await t.app.inject({ url: `/${tid}/v2.0/.well-known/openid-configuration`, headers: { host } })
      ).json<Record<string, unknown>>()
      assert.equal(doc.issuer, `http://${host}/${tid}/v2.0`)
      assert.equal(doc.token_endpoint, `http://${host}/${tid}/oauth2/v2.0/token`)
    })
  }

  test('X-Forwarded-Host and X-Forwarded-Proto are not trusted to name the issuer', async () => {
    const token = await tokenVia(t.app, 'localhost:8080', undefined, {
      'x-forwarded-host': 'attacker.example',
      'x-forwarded-proto': 'https',
    })
    assert.equal(decodeJwt(token).iss, `http://localhost:8080/${tid}/v2.0`)
  })
})

describe('verify mode accepts a token of this server whichever name it was asked for by', () => {
  test('issued via localhost, presented via 127.0.0.1 and cosell.internal', async () => {
    const token = await tokenVia(t.app, 'localhost:8080')
    for (const host of ['127.0.0.1:8080', 'cosell.internal'])
      assert.equal((await listVia(t.app, host, token)).statusCode, 200, host)
  })

  test("a token for the server's own URL as audience holds across its loopback names, not other hosts", async () => {
    const token = await tokenVia(t.app, 'localhost:8080', 'http://localhost:8080/.default')
    assert.equal(decodeJwt(token).aud, 'http://localhost:8080')
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080'])
      assert.equal((await listVia(t.app, host, token)).statusCode, 200, host)
    const elsewhere = await listVia(t.app, '127.0.0.1:9090', token)
    assert.equal(elsewhere.statusCode, 401, 'another port is another server')
    assert.equal((await listVia(t.app, 'cosell.internal:8080', token)).statusCode, 401)
  })
})

describe('a configured public URL', () => {
  test('is the issuer whatever host the client called', async () => {
    const pub = await makeAuthTestApp({ publicUrl: 'https://cosell.example.com' })
    try {
      assert.equal(
        decodeJwt(await tokenVia(pub.app, '127.0.0.1:8080')).iss,
        `https://cosell.example.com/${tid}/v2.0`,
      )
    } finally {
      await pub.close()
    }
  })
})
