// Sign-in like Entra ID (issue 4 item 1): the v1 and v2 token endpoints with the password,
// client_credentials and refresh_token grants, Entra's OAuth errors, the discovery documents and
// the JWKS; and a token from the endpoint opens the Referrals API.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { issueAccessToken } from '../../src/auth/issue-token.js'
import { issueRefreshToken } from '../../src/auth/refresh-token.js'
import { generateSigningKey } from '../../src/auth/signing-key.js'
import { tenantIdOfDomain } from '../../src/auth/tenant.js'
import { listWithToken, makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'

const tid = '33333333-3333-4333-8333-333333333333'
const contoso = tenantIdOfDomain('contoso.com')
const clientId = '5d1c3b5e-0c7a-4b8e-9a57-0f2f1b6c1a01'
const resource = 'https://api.partner.microsoft.com'
const base = 'http://localhost:80' // inject()'s host

/** Microsoft's own ROPC sample (the documented sign-in), v1. */
const v1Password = {
  resource,
  client_id: clientId,
  client_secret: 'sandbox',
  grant_type: 'password',
  username: 'john.smith@contoso.com',
  password: 'anything',
  scope: 'openid',
}
const v2Password = {
  client_id: clientId,
  grant_type: 'password',
  username: 'john.smith@contoso.com',
  password: 'anything',
  scope: `${resource}/.default openid profile offline_access`,
  client_info: '1',
}

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp()
})
after(async () => {
  await t.close()
})

describe('the v1 token endpoint', () => {
  test("the password grant of Microsoft's sample answers like Entra v1, numbers as strings", async () => {
    const res = await postForm(t.app, '/common/oauth2/token', v1Password)
    assert.equal(res.statusCode, 200, res.body)
    assert.match(String(res.headers['cache-control']), /no-store/)
    const body = res.json<Record<string, unknown>>()
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.resource, resource)
    assert.equal(body.expires_in, '3600')
    assert.equal(body.ext_expires_in, '3600')
    assert.equal(body.scope, 'user_impersonation')
    assert.equal(Number(body.expires_on) - Number(body.not_before), 3600)
    for (const name of ['access_token', 'refresh_token', 'id_token'])
      assert.equal(typeof body[name], 'string', name)
  })

  test('the v1 access token carries the Partner Center audience and the user of the sign-in', async () => {
    const body = (await postForm(t.app, '/common/oauth2/token', v1Password)).json<{ access_token: string }>()
    const claims = decodeJwt(body.access_token)
    assert.equal(decodeProtectedHeader(body.access_token).alg, 'RS256')
    assert.equal(claims.aud, resource)
    assert.equal(claims.iss, `${base}/${contoso}/`)
    assert.equal(claims.tid, contoso)
    assert.equal(claims.upn, 'john.smith@contoso.com')
    assert.equal(claims.unique_name, 'john.smith@contoso.com')
    assert.equal(claims.name, 'John Smith')
    assert.equal(claims.scp, 'user_impersonation')
    assert.equal(claims.appid, clientId)
    assert.equal(claims.ver, '1.0')
    assert.equal(claims.exp! - claims.iat!, 3600)
    assert.equal(claims.nbf, claims.iat)
  })
})

describe('the v2 token endpoint', () => {
  test('the password grant with openid and offline_access answers access, refresh and ID tokens', async () => {
    const res = await postForm(t.app, `/${tid}/oauth2/v2.0/token`, v2Password)
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json<Record<string, unknown>>()
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.expires_in, 3600)
    assert.equal(body.ext_expires_in, 3600)
    assert.equal(body.resource, undefined)
    assert.deepEqual(String(body.scope).split(' ').sort(), [
      `${resource}/.default`,
      `${resource}/user_impersonation`,
    ])
    const access = decodeJwt(String(body.access_token))
    assert.equal(access.iss, `${base}/${tid}/v2.0`)
    assert.equal(access.tid, tid)
    assert.equal(access.azp, clientId)
    assert.equal(access.ver, '2.0')
    const id = decodeJwt(String(body.id_token))
    assert.equal(id.aud, clientId)
    assert.equal(id.preferred_username, 'john.smith@contoso.com')
    assert.equal(id.oid, access.oid)
    const info = JSON.parse(Buffer.from(String(body.client_info), 'base64url').toString()) as Record<
      string,
      string
    >
    assert.deepEqual(info, { uid: access.oid, utid: tid })
  })

  test('without offline_access there is no refresh token, without openid no ID token', async () => {
    const res = await postForm(t.app, `/${tid}/oauth2/v2.0/token`, {
      ...v2Password,
      scope: `${resource}/.default`,
    })
    const body = res.json<Record<string, unknown>>()
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(body.refresh_token, undefined)
    assert.equal(body.id_token, undefined)
  })

  test('common, organizations and the domain as tenant give the same tenant and user ids', async () => {
    const oids = new Set<unknown>()
    for (const tenant of ['common', 'organizations', 'contoso.com', 'CONTOSO.COM', contoso]) {
      const res = await postForm(t.app, `/${tenant}/oauth2/v2.0/token`, v2Password)
      assert.equal(res.statusCode, 200, `${tenant}: ${res.body}`)
      const claims = decodeJwt(res.json<{ access_token: string }>().access_token)
      assert.equal(claims.tid, contoso, tenant)
      oids.add(claims.oid)
    }
    assert.equal(oids.size, 1)
  })

  test('client_credentials gives an app token: no user, no refresh or ID token', async () => {
    const res = await postForm(t.app, `/${tid}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: 'sandbox',
      scope: `${resource}/.default`,
    })
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json<Record<string, unknown>>()
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type'])
    const claims = decodeJwt(String(body.access_token))
    assert.equal(claims.idtyp, 'app')
    assert.equal(claims.upn, undefined)
    assert.equal(claims.scp, undefined)
    assert.equal(claims.tid, tid)
  })

  test('client_credentials takes the client secret from an Authorization: Basic header too', async () => {
    const basic = Buffer.from(`${clientId}:s%3Acret`).toString('base64')
    const res = await postForm(
      t.app,
      `/${tid}/oauth2/token`,
      { grant_type: 'client_credentials', resource },
      { authorization: `Basic ${basic}` },
    )
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(decodeJwt(res.json<{ access_token: string }>().access_token).appid, clientId)
  })

  test('refresh_token gives new tokens for the same user, and the new refresh token works again', async () => {
    const first = (await postForm(t.app, `/${tid}/oauth2/v2.0/token`, v2Password)).json<
      Record<string, string>
    >()
    let refreshToken = first.refresh_token!
    for (let round = 0; round < 2; round++) {
      const res = await postForm(t.app, `/${tid}/oauth2/v2.0/token`, {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
        scope: `${resource}/.default openid offline_access`,
      })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<Record<string, string>>()
      const claims = decodeJwt(body.access_token!)
      assert.equal(claims.oid, decodeJwt(first.access_token!).oid)
      assert.equal(claims.upn, 'john.smith@contoso.com')
      assert.equal(claims.name, 'John Smith')
      refreshToken = body.refresh_token!
    }
  })
})

describe('a token from the endpoint opens the Referrals API', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['v1 password', '/common/oauth2/token', v1Password],
    ['v2 password', `/${tid}/oauth2/v2.0/token`, v2Password],
    [
      'v2 client_credentials',
      `/${tid}/oauth2/v2.0/token`,
      {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: 's',
        scope: `${resource}/.default`,
      },
    ],
  ]
  for (const [name, url, fields] of cases) {
    test(`${name}: GET /v1.0/engagements/referrals answers 200`, async () => {
      const token = (await postForm(t.app, url, fields)).json<{ access_token: string }>().access_token
      const res = await listWithToken(t.app, token)
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json<{ value: unknown[] }>().value, [])
    })
  }

  test('a refresh token is not an access token', async () => {
    const body = (await postForm(t.app, `/${tid}/oauth2/v2.0/token`, v2Password)).json<{
      refresh_token: string
    }>()
    const res = await listWithToken(t.app, body.refresh_token)
    assert.equal(res.statusCode, 401)
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'unauthenticated')
  })
})

describe('OAuth errors', () => {
  const cc = {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: 's',
    scope: `${resource}/.default`,
  }
  const cases: [string, string, Record<string, string>, number, string, number][] = [
    ['no grant_type', `/${tid}/oauth2/v2.0/token`, { client_id: clientId }, 400, 'invalid_request', 900144],
    [
      'an unsupported grant',
      `/${tid}/oauth2/v2.0/token`,
      { ...v2Password, grant_type: 'authorization_code' },
      400,
      'unsupported_grant_type',
      70003,
    ],
    [
      'a password grant without username',
      `/${tid}/oauth2/v2.0/token`,
      { ...v2Password, username: '' },
      400,
      'invalid_request',
      900144,
    ],
    [
      'a v2 request without scope',
      `/${tid}/oauth2/v2.0/token`,
      { ...v2Password, scope: '' },
      400,
      'invalid_request',
      900144,
    ],
    [
      'a v2 scope of another API',
      `/${tid}/oauth2/v2.0/token`,
      { ...v2Password, scope: 'https://graph.microsoft.com/.default' },
      400,
      'invalid_resource',
      500011,
    ],
    [
      'a v1 resource of another API',
      '/common/oauth2/token',
      { ...v1Password, resource: 'https://graph.microsoft.com' },
      400,
      'invalid_resource',
      500011,
    ],
    [
      'scopes of two APIs',
      `/${tid}/oauth2/v2.0/token`,
      { ...v2Password, scope: `${resource}/.default https://graph.microsoft.com/User.Read` },
      400,
      'invalid_scope',
      70011,
    ],
    ['an unknown tenant', '/not_a_tenant/oauth2/v2.0/token', v2Password, 400, 'invalid_tenant', 90002],
    [
      'a user without a domain through common',
      '/common/oauth2/v2.0/token',
      { ...v2Password, username: 'john' },
      400,
      'invalid_grant',
      50034,
    ],
    ['client_credentials through common', '/common/oauth2/v2.0/token', cc, 400, 'invalid_request', 50059],
    [
      'client_credentials without a secret',
      `/${tid}/oauth2/v2.0/token`,
      { ...cc, client_secret: '' },
      401,
      'invalid_client',
      7000218,
    ],
    [
      'client_credentials without /.default',
      `/${tid}/oauth2/v2.0/token`,
      { ...cc, scope: `${resource}/user_impersonation` },
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'a refresh token that is not a JWT',
      `/${tid}/oauth2/v2.0/token`,
      { grant_type: 'refresh_token', client_id: clientId, refresh_token: 'opaque' },
      400,
      'invalid_grant',
      9002313,
    ],
  ]
  for (const [name, url, fields, status, error, code] of cases) {
    test(`${name} answers ${status} ${error} AADSTS${code}`, async () => {
      const correlation = '0f8fad5b-d9cb-469f-a165-70867728950e'
      const res = await postForm(t.app, url, fields, { 'client-request-id': correlation })
      assertOAuthError(res, status, error, code)
      const body = res.json<Record<string, unknown>>()
      assert.equal(body.correlation_id, correlation)
      assert.equal(body.trace_id, res.headers['request-id'])
    })
  }

  test('a body that is not a form is read as one without grant_type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/${tid}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(v2Password),
    })
    assertOAuthError(res, 400, 'invalid_request', 900144)
  })

  test("refresh tokens that are forged, expired, an access token or another client's are refused", async () => {
    const now = t.auth.clock.now()
    const principal = { tenantId: tid, objectId: clientId, clientId, username: 'a@contoso.com' }
    const other = await generateSigningKey()
    const cases: [string, string, string, number][] = [
      ['forged', await issueRefreshToken(other, principal, base, '2.0', now), clientId, 9002313],
      [
        'expired',
        await issueRefreshToken(t.auth.key, principal, base, '2.0', new Date(now.getTime() - 91 * 86400_000)),
        clientId,
        700082,
      ],
      [
        'an access token',
        await issueAccessToken(t.auth.key, {
          principal,
          issuerBase: base,
          version: '2.0',
          now,
          lifetimeSeconds: 60,
        }),
        clientId,
        9002313,
      ],
      [
        "another client's",
        await issueRefreshToken(t.auth.key, principal, base, '2.0', now),
        'another-client',
        70000,
      ],
    ]
    for (const [name, token, client, code] of cases) {
      const res = await postForm(t.app, `/${tid}/oauth2/v2.0/token`, {
        grant_type: 'refresh_token',
        client_id: client,
        refresh_token: token,
      })
      assertOAuthError(res, 400, 'invalid_grant', code, name)
    }
  })
})

describe('discovery and keys', () => {
  test('the v2 discovery document of a tenant names its token endpoint, JWKS and issuer', async () => {
    const doc = (await t.app.inject(`/${tid}/v2.0/.well-known/openid-configuration`)).json<
      Record<string, unknown>
    >()
    assert.equal(doc.issuer, `${base}/${tid}/v2.0`)
    assert.equal(doc.token_endpoint, `${base}/${tid}/oauth2/v2.0/token`)
    assert.equal(doc.jwks_uri, `${base}/${tid}/discovery/v2.0/keys`)
    assert.equal(doc.authorization_endpoint, `${base}/${tid}/oauth2/v2.0/authorize`)
  })

  test('common publishes the {tenantid} issuer template; a domain is named by its tenant id', async () => {
    const common = (await t.app.inject('/common/v2.0/.well-known/openid-configuration')).json<
      Record<string, unknown>
    >()
    assert.equal(common.issuer, `${base}/{tenantid}/v2.0`)
    assert.equal(common.token_endpoint, `${base}/common/oauth2/v2.0/token`)
    const domain = (await t.app.inject('/contoso.com/v2.0/.well-known/openid-configuration')).json<
      Record<string, unknown>
    >()
    assert.equal(domain.issuer, `${base}/${contoso}/v2.0`)
    assert.equal(domain.authorization_endpoint, `${base}/${contoso}/oauth2/v2.0/authorize`)
  })

  test('the v1 discovery document names the v1 endpoint and the v1 issuer form', async () => {
    const doc = (await t.app.inject(`/${tid}/.well-known/openid-configuration`)).json<
      Record<string, unknown>
    >()
    assert.equal(doc.issuer, `${base}/${tid}/`)
    assert.equal(doc.token_endpoint, `${base}/${tid}/oauth2/token`)
    assert.equal(doc.jwks_uri, `${base}/${tid}/discovery/keys`)
  })

  test('the configured public URL is the base of every URL and issuer', async () => {
    const pub = await makeAuthTestApp({ publicUrl: 'https://cosell.example.com' })
    try {
      const doc = (await pub.app.inject(`/${tid}/v2.0/.well-known/openid-configuration`)).json<
        Record<string, unknown>
      >()
      assert.equal(doc.issuer, `https://cosell.example.com/${tid}/v2.0`)
      const token = (await postForm(pub.app, `/${tid}/oauth2/v2.0/token`, v2Password)).json<{
        access_token: string
      }>()
      assert.equal(decodeJwt(token.access_token).iss, `https://cosell.example.com/${tid}/v2.0`)
    } finally {
      await pub.close()
    }
  })

  test('an unknown tenant has no discovery document', async () => {
    assertOAuthError(
      await t.app.inject('/no_such/v2.0/.well-known/openid-configuration'),
      400,
      'invalid_tenant',
      90002,
    )
  })

  test('the JWKS of both versions verifies the tokens the endpoint signs', async () => {
    const token = (await postForm(t.app, `/${tid}/oauth2/v2.0/token`, v2Password)).json<{
      access_token: string
    }>()
    for (const path of [`/${tid}/discovery/v2.0/keys`, '/common/discovery/keys']) {
      const jwks = (await t.app.inject(path)).json<{ keys: [{ kid: string; alg: string; use: string }] }>()
      assert.equal(jwks.keys[0].kid, decodeProtectedHeader(token.access_token).kid)
      assert.equal(jwks.keys[0].alg, 'RS256')
      const { payload } = await jwtVerify(token.access_token, createLocalJWKSet(jwks), { audience: resource })
      assert.equal(payload.tid, tid)
    }
  })
})

test('a form body on the Referrals API is still refused as unsupported: the form parser is scoped', async () => {
  const token = (await postForm(t.app, `/${tid}/oauth2/v2.0/token`, v2Password)).json<{
    access_token: string
  }>()
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1.0/engagements/referrals',
    headers: {
      authorization: `Bearer ${token.access_token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: 'name=x',
  })
  assert.equal(res.statusCode, 415, res.body)
})

function assertOAuthError(
  res: { statusCode: number; body: string; json<T>(): T },
  status: number,
  error: string,
  code: number,
  name = '',
): void {
  assert.equal(res.statusCode, status, `${name} ${res.body}`)
  const body = res.json<Record<string, unknown>>()
  assert.equal(body.error, error, name)
  assert.deepEqual(body.error_codes, [code], name)
  assert.match(
    String(body.error_description),
    new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: .+\\r\\nCorrelation ID: .+\\r\\nTimestamp: `),
  )
  assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/)
  assert.equal(typeof body.trace_id, 'string')
  assert.equal(typeof body.correlation_id, 'string')
}
