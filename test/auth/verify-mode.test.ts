// `verify` mode (issue 4 item 2): only tokens whose RS256/ES256 signature checks out against
// cosell's key or a configured OIDC issuer's JWKS, with the Partner Center audience, a trusted
// issuer and a current validity window, open the API; everything else is 401 unauthenticated.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose'
import { issueAccessToken } from '../../src/auth/issue-token.js'
import { issueRefreshToken } from '../../src/auth/refresh-token.js'
import { assertErrorBody } from '../support/error-body.js'
import { listWithToken, makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js'
import { ManualClock } from '../support/test-app.js'
import { token as unsignedToken } from '../support/tokens.js'

const tenant = '44444444-4444-4444-8444-444444444444'
const otherTenant = '55555555-5555-4555-8555-555555555555'
const audience = 'https://api.partner.microsoft.com'
const clock = new ManualClock()
const now = Math.floor(clock.now().getTime() / 1000)
const hour = 3600

let issuer: TestIssuer // single-tenant, ES256
let multi: TestIssuer // multi-tenant template, RS256
let t: AuthTestApp

before(async () => {
  issuer = await startTestIssuer({ tenantId: tenant })
  multi = await startTestIssuer({ tenantId: otherTenant, alg: 'RS256', multiTenant: true })
  t = await makeAuthTestApp({ mode: 'verify', oidcIssuers: [issuer.url, multi.url], clock })
})
after(async () => {
  await t.close()
  await issuer.close()
  await multi.close()
})

const signIn = {
  grant_type: 'password',
  client_id: 'app',
  username: 'eve@fabrikam.example',
  password: 'x',
  scope: `${audience}/.default`,
}

function claims(extra: JWTPayload = {}): JWTPayload {
  return {
    aud: audience,
    iat: now,
    nbf: now,
    exp: now + hour,
    upn: 'eve@fabrikam.example',
    oid: tenant,
    ...extra,
  }
}

function unsigned(header: object, payload: object): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value))
  return `${part(header)}.${part(payload)}.`
}

async function hs256(secret: Uint8Array, kid: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(secret)
}

async function assertRejected(token: string, mentions: RegExp): Promise<void> {
  const res = await listWithToken(t.app, token)
  const body = assertErrorBody(res, 401, 'unauthenticated')
  assert.match(body.error.message, mentions)
  assert.equal(res.headers['www-authenticate'], 'Bearer')
}

describe('accepted', () => {
  test("a token of the configured issuer (ES256) opens the API for the token's tenant", async () => {
    const res = await listWithToken(t.app, await issuer.sign(claims()))
    assert.equal(res.statusCode, 200, res.body)
  })

  test('a Partner Center app id is an accepted audience too', async () => {
    const token = await issuer.sign(claims({ aud: 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd' }))
    assert.equal((await listWithToken(t.app, token)).statusCode, 200)
  })

  test("a multi-tenant issuer's {tenantid} template matches the token's own tid (RS256)", async () => {
    const token = await multi.sign(claims({ tid: otherTenant }))
    assert.equal((await listWithToken(t.app, token)).statusCode, 200)
  })

  test("with COSELL_ALLOW_INSECURE cosell's own token endpoint signs in: its issuer is trusted", async () => {
    const open = await makeAuthTestApp({
      mode: 'verify',
      oidcIssuers: [issuer.url],
      clock,
      allowInsecure: true,
    })
    try {
      const res = await postForm(open.app, `/${tenant}/oauth2/v2.0/token`, signIn)
      assert.equal(res.statusCode, 200, res.body)
      const token = res.json<{ access_token: string }>().access_token
      assert.equal((await listWithToken(open.app, token)).statusCode, 200)
    } finally {
      await open.close()
    }
  })

  test("each issuer's discovery document is read once, not per request", () => {
    assert.equal(issuer.discoveryReads(), 1)
    assert.equal(multi.discoveryReads(), 1)
  })
})

test('without COSELL_ALLOW_INSECURE the token endpoints, which take any password, sign no one in', async () => {
  for (const url of [`/${tenant}/oauth2/v2.0/token`, '/common/oauth2/token']) {
    const res = await postForm(t.app, url, signIn)
    assert.equal(res.statusCode, 400, res.body)
    const body = res.json<{ error: string; error_description: string }>()
    assert.equal(body.error, 'unsupported_grant_type')
    assert.match(body.error_description, /^AADSTS70003: .*verify mode turns it off.*cosell token/)
  }
})

describe('rejected with 401 unauthenticated', () => {
  test("a token signed with another key under the issuer's key id (forged)", async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const forged = await new SignJWT(claims({ iss: issuer.url, tid: tenant }))
      .setProtectedHeader({ alg: 'ES256', kid: issuer.kid })
      .sign(privateKey)
    await assertRejected(forged, /signature/)
  })

  test("a token signed with another key under cosell's key id (forged)", async () => {
    const other = await generateKeyPair('RS256')
    const forged = await new SignJWT(claims({ iss: `http://localhost/${tenant}/v2.0`, tid: tenant }))
      .setProtectedHeader({ alg: 'RS256', kid: t.auth.key.kid })
      .sign(other.privateKey)
    await assertRejected(forged, /signature/)
  })

  test('a token signed with a key the issuer does not publish', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const forged = await new SignJWT(claims({ iss: issuer.url, tid: tenant }))
      .setProtectedHeader({ alg: 'ES256', kid: 'unknown' })
      .sign(privateKey)
    await assertRejected(forged, /key/)
  })

  test('an expired token', async () => {
    await assertRejected(
      await issuer.sign(claims({ iat: now - 3 * hour, nbf: now - 3 * hour, exp: now - 2 * hour })),
      /expired/,
    )
  })

  test('a token without an expiry (no exp claim)', async () => {
    const { exp: _, ...forever } = claims()
    await assertRejected(await issuer.sign(forever), /no expiry/)
  })

  test('a token not valid yet', async () => {
    await assertRejected(await issuer.sign(claims({ nbf: now + hour, exp: now + 2 * hour })), /not valid yet/)
  })

  test('a token for another audience', async () => {
    await assertRejected(await issuer.sign(claims({ aud: 'https://graph.microsoft.com' })), /audience/)
  })

  test('a token whose issuer is not configured', async () => {
    const token = await issuer.sign(claims({ iss: `https://login.microsoftonline.com/${tenant}/v2.0` }))
    await assertRejected(token, /not trusted/)
  })

  test('a multi-tenant token whose iss names another tenant than its tid', async () => {
    await assertRejected(
      await multi.sign(claims({ tid: tenant, iss: multi.issuerOf(otherTenant) })),
      /not trusted/,
    )
  })

  test('an alg: none token naming the issuer, and one naming cosell', async () => {
    await assertRejected(
      unsigned({ alg: 'none', typ: 'JWT' }, claims({ iss: issuer.url, tid: tenant })),
      /none/,
    )
    await assertRejected(
      unsigned(
        { alg: 'none', kid: t.auth.key.kid },
        claims({ iss: `http://localhost/${tenant}/v2.0`, tid: tenant }),
      ),
      /algorithm/,
    )
  })

  test("the emulator's unsigned test tokens", async () => {
    await assertRejected(unsignedToken({ tid: tenant, aud: audience }), /none/)
  })

  test("HS256 signed with cosell's public key as the secret (algorithm confusion)", async () => {
    const pem = new TextEncoder().encode(await exportSPKI(t.auth.key.publicKey))
    const payload = claims({ iss: `http://localhost/${tenant}/v2.0`, tid: tenant })
    await assertRejected(await hs256(pem, t.auth.key.kid, payload), /algorithm/)
    const jwk = new TextEncoder().encode(JSON.stringify(await exportJWK(t.auth.key.publicKey)))
    await assertRejected(await hs256(jwk, t.auth.key.kid, payload), /algorithm/)
  })

  test("HS256 under the issuer's key id", async () => {
    const secret = new TextEncoder().encode(JSON.stringify({ kid: issuer.kid }))
    await assertRejected(await hs256(secret, issuer.kid, claims({ iss: issuer.url, tid: tenant })), /HS256/)
  })

  test("cosell's own token when expired, and cosell's refresh token used as an access token", async () => {
    const principal = {
      tenantId: tenant,
      objectId: tenant,
      clientId: 'app',
      username: 'eve@fabrikam.example',
    }
    const old = new Date(clock.now().getTime() - 2 * hour * 1000)
    const expired = await issueAccessToken(t.auth.key, {
      principal,
      issuerBase: 'http://localhost',
      version: '2.0',
      now: old,
      lifetimeSeconds: 60,
    })
    await assertRejected(expired, /expired/)
    await assertRejected(
      await issueRefreshToken(t.auth.key, principal, 'http://localhost', '2.0', clock.now()),
      /audience/,
    )
  })
})

test('an issuer whose discovery cannot be read answers 503, and the server keeps serving', async () => {
  const gone = await startTestIssuer({ tenantId: tenant })
  const url = gone.url
  await gone.close()
  const app = await makeAuthTestApp({ mode: 'verify', oidcIssuers: [url], clock })
  try {
    const res = await listWithToken(app.app, await issuer.sign(claims()))
    assertErrorBody(res, 503, 'serviceNotAvailable')
    assert.match(res.json<{ error: { message: string } }>().error.message, /127\.0\.0\.1/)
  } finally {
    await app.close()
  }
})
