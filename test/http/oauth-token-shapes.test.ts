// Issue 15 item 4: token answers shaped as Entra's v1 and v2 endpoints answer, field by field
// (v1: every number a string, with resource, expires_on and not_before; v2: numbers), an id_token
// only when openid is asked for, and issuers naming the host that served the request.
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { decodeJwt } from 'jose'
import { makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'

const signedInAt = new Date('2025-03-01T10:00:00Z') // 1740823200
const contoso = '2e53456b-8b3d-5066-b2af-a511633ba210'
const jwt = /^[\w-]+\.[\w-]+\.[\w-]+$/

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp({ clock: { now: () => signedInAt } })
})
after(() => t.close())

const user = { grant_type: 'password', client_id: 'app-1', username: 'ann@contoso.com', password: 'x' }

/** The answer with each token replaced by whether it is a JWT, so the rest compares literally. */
function shape(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(body))
    out[name] = name.endsWith('_token') ? `<${jwt.test(String(value)) ? 'jwt' : String(value)}>` : value
  return out
}

describe('v1 answers', () => {
  test('a password grant with openid: strings for every number, resource, refresh and ID tokens', async () => {
    const res = await postForm(t.app, '/common/oauth2/token', {
      ...user,
      resource: 'https://api.partnercenter.microsoft.com',
      scope: 'openid',
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(shape(res.json()), {
      token_type: 'Bearer',
      scope: 'user_impersonation',
      expires_in: '3600',
      ext_expires_in: '3600',
      expires_on: '1740826800',
      not_before: '1740823200',
      resource: 'https://api.partnercenter.microsoft.com',
      access_token: '<jwt>',
      refresh_token: '<jwt>',
      id_token: '<jwt>',
    })
  })

  test('without openid there is no id_token', async () => {
    const res = await postForm(t.app, '/common/oauth2/token', {
      ...user,
      resource: 'https://api.partner.microsoft.com',
    })
    assert.deepEqual(Object.keys(res.json<object>()).sort(), [
      'access_token',
      'expires_in',
      'expires_on',
      'ext_expires_in',
      'not_before',
      'refresh_token',
      'resource',
      'scope',
      'token_type',
    ])
  })

  test('the v1 access token and ID token claims', async () => {
    const body = (
      await postForm(t.app, '/common/oauth2/token', {
        ...user,
        resource: 'https://api.partner.microsoft.com',
        scope: 'openid',
      })
    ).json<{ access_token: string; id_token: string }>()
    const { uti, oid, sub, ...claims } = decodeJwt(body.access_token)
    assert.equal(typeof uti, 'string')
    assert.equal(typeof oid, 'string')
    assert.equal(typeof sub, 'string')
    assert.deepEqual(claims, {
      aud: 'https://api.partner.microsoft.com',
      iss: `http://localhost:80/${contoso}/`,
      iat: 1740823200,
      nbf: 1740823200,
      exp: 1740826800,
      appid: 'app-1',
      idtyp: 'user',
      amr: ['pwd'],
      name: 'Ann',
      unique_name: 'ann@contoso.com',
      upn: 'ann@contoso.com',
      scp: 'user_impersonation',
      tid: contoso,
      ver: '1.0',
    })
    const id = decodeJwt(body.id_token)
    assert.equal(id.aud, 'app-1')
    assert.equal(id.iss, `http://localhost:80/${contoso}/`)
  })
})

describe('v2 answers', () => {
  test('a password grant with openid and offline_access: numbers, scope, refresh and ID tokens', async () => {
    const res = await postForm(t.app, '/common/oauth2/v2.0/token', {
      ...user,
      scope: 'https://api.partner.microsoft.com/.default openid offline_access',
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(shape(res.json()), {
      token_type: 'Bearer',
      scope:
        'https://api.partner.microsoft.com/.default https://api.partner.microsoft.com/user_impersonation',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: '<jwt>',
      refresh_token: '<jwt>',
      id_token: '<jwt>',
    })
  })

  test('without openid there is no id_token, without offline_access no refresh_token', async () => {
    const res = await postForm(t.app, '/common/oauth2/v2.0/token', {
      ...user,
      scope: 'https://api.partner.microsoft.com/.default',
    })
    assert.deepEqual(shape(res.json()), {
      token_type: 'Bearer',
      scope:
        'https://api.partner.microsoft.com/.default https://api.partner.microsoft.com/user_impersonation',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: '<jwt>',
    })
  })

  test('client credentials: numbers, no scope, no refresh or ID token', async () => {
    const res = await postForm(t.app, '/contoso.com/oauth2/v2.0/token', {
      grant_type: 'client_credentials',
      client_id: 'app-1',
      client_secret: 's',
      scope: 'https://api.partner.microsoft.com/.default',
    })
    assert.deepEqual(shape(res.json()), {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: '<jwt>',
    })
  })

  test('the v2 access token claims', async () => {
    const body = (
      await postForm(t.app, '/common/oauth2/v2.0/token', {
        ...user,
        scope: 'https://api.partner.microsoft.com/.default',
      })
    ).json<{ access_token: string }>()
    const { uti, oid, sub, ...claims } = decodeJwt(body.access_token)
    assert.ok(uti && oid && sub)
    assert.deepEqual(claims, {
      aud: 'https://api.partner.microsoft.com',
      iss: `http://localhost:80/${contoso}/v2.0`,
      iat: 1740823200,
      nbf: 1740823200,
      exp: 1740826800,
      azp: 'app-1',
      idtyp: 'user',
      name: 'Ann',
      preferred_username: 'ann@contoso.com',
      upn: 'ann@contoso.com',
      scp: 'user_impersonation',
      tid: contoso,
      ver: '2.0',
    })
  })
})

describe('the issuer names the host that served the request', () => {
  let port: number
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as { port: number }).port
  })

  /** A raw request (fetch may not set Host) to 127.0.0.1 naming another loopback host. */
  function post(hostHeader: string, path: string, form: Record<string, string>): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: { host: hostHeader, 'content-type': 'application/x-www-form-urlencoded' },
        },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => resolve(text))
        },
      )
      req.on('error', reject)
      req.end(new URLSearchParams(form).toString())
    })
  }

  for (const name of ['localhost', '127.0.0.1']) {
    test(`called as ${name}:PORT, the v1 and v2 issuers say ${name}:PORT`, async () => {
      const v2 = JSON.parse(
        await post(`${name}:${port}`, '/common/oauth2/v2.0/token', {
          ...user,
          scope: 'https://api.partner.microsoft.com/.default',
        }),
      ) as { access_token: string }
      assert.equal(decodeJwt(v2.access_token).iss, `http://${name}:${port}/${contoso}/v2.0`)
      const v1 = JSON.parse(
        await post(`${name}:${port}`, '/common/oauth2/token', {
          ...user,
          resource: 'https://api.partner.microsoft.com',
        }),
      ) as { access_token: string }
      assert.equal(decodeJwt(v1.access_token).iss, `http://${name}:${port}/${contoso}/`)
    })
  }
})
