// `emulator` mode (the default, issue 4 item 2): cosell's own tokens are always verified, and any
// other well-formed JWT is read unverified, as the sandbox always has.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { base64url, generateKeyPair, SignJWT } from 'jose'
import { issueAccessToken, type Principal } from '../../src/auth/issue-token.js'
import { assertErrorBody } from '../support/error-body.js'
import { listWithToken, makeAuthTestApp, type AuthTestApp } from '../support/auth-app.js'
import { token as unsignedToken } from '../support/tokens.js'

const tenant = '66666666-6666-4666-8666-666666666666'
const principal: Principal = {
  tenantId: tenant,
  objectId: tenant,
  clientId: 'app',
  username: 'max@contoso.com',
}

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp()
})
after(async () => {
  await t.close()
})

function ownToken(now: Date, lifetimeSeconds = 3600): Promise<string> {
  return issueAccessToken(t.auth.key, {
    principal,
    issuerBase: 'http://localhost:8080',
    version: '2.0',
    now,
    lifetimeSeconds,
  })
}

test('an unsigned (alg: none) token is read unverified', async () => {
  assert.equal((await listWithToken(t.app, unsignedToken({ tid: tenant }))).statusCode, 200)
})

test("a token signed by some other key, without cosell's key id, is read unverified", async () => {
  const { privateKey } = await generateKeyPair('ES256')
  const token = await new SignJWT({ tid: tenant, upn: 'x@y.example' })
    .setProtectedHeader({ alg: 'ES256' })
    .sign(privateKey)
  assert.equal((await listWithToken(t.app, token)).statusCode, 200)
})

test("cosell's own token is verified: a fresh one is accepted", async () => {
  assert.equal((await listWithToken(t.app, await ownToken(t.auth.clock.now()))).statusCode, 200)
})

test("cosell's own token is verified: an expired one is refused", async () => {
  const res = await listWithToken(t.app, await ownToken(new Date(t.auth.clock.now().getTime() - 7200_000)))
  assert.match(assertErrorBody(res, 401, 'unauthenticated').error.message, /expired/)
})

test("cosell's own token is verified: one whose claims were changed is refused", async () => {
  const [header, payload, signature] = (await ownToken(t.auth.clock.now())).split('.')
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>
  const changed = base64url.encode(JSON.stringify({ ...claims, tid: '77777777-7777-4777-8777-777777777777' }))
  const res = await listWithToken(t.app, `${header}.${changed}.${signature}`)
  assert.match(assertErrorBody(res, 401, 'unauthenticated').error.message, /signature/)
})

test('a bearer value that is not a JWT is refused', async () => {
  const res = await listWithToken(t.app, 'not-a-jwt')
  assert.match(assertErrorBody(res, 401, 'unauthenticated').error.message, /well-formed JWT/)
})
