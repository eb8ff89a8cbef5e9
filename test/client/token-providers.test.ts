// The SDK's token providers against cosell's own Entra-like token endpoint, on a server in verify
// mode (only signed tokens pass) listening on 127.0.0.1: tokens are kept until shortly before they
// expire, one grant is in flight at a time, and refresh tokens rotate.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  HttpClient,
  ReferralsApi,
  TokenError,
  clientCredentials,
  refreshToken,
} from '../../src/client/index.js'
import { makeAuthTestApp, type AuthTestApp } from '../support/auth-app.js'

let t: AuthTestApp
let base: string
before(async () => {
  t = await makeAuthTestApp({ mode: 'verify', allowInsecure: true })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
after(() => t.close())

/** fetch that records the form of every token request and the refresh token of every answer. */
function recordingFetch(): { fetch: typeof fetch; grants: URLSearchParams[]; sentBack: string[] } {
  const grants: URLSearchParams[] = []
  const sentBack: string[] = []
  const recording: typeof fetch = async (input, init) => {
    const body = init?.body
    const response = await fetch(input, init)
    if (new Request(input).url.includes('/oauth2/') && typeof body === 'string') {
      grants.push(new URLSearchParams(body))
      const answer = (await response.clone().json()) as { refresh_token?: string }
      if (answer.refresh_token) sentBack.push(answer.refresh_token)
    }
    return response
  }
  return { fetch: recording, grants, sentBack }
}

/** A clock the test moves. */
function manualNow(): { now: () => number; advance: (ms: number) => void } {
  let at = Date.UTC(2026, 5, 1)
  return { now: () => at, advance: (ms) => (at += ms) }
}

async function signIn(): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: 'sdk-test',
    username: 'ann@contoso.example',
    password: 'x',
    scope: 'https://api.partner.microsoft.com/.default offline_access',
  })
  const response = await fetch(`${base}/contoso.example/oauth2/v2.0/token`, { method: 'POST', body: form })
  return ((await response.json()) as { refresh_token: string }).refresh_token
}

describe('token providers against cosell’s token endpoint', () => {
  test('client credentials: the API accepts the token; it is granted once and kept while valid', async () => {
    const { fetch, grants } = recordingFetch()
    const clock = manualNow()
    const token = clientCredentials({
      authority: `${base}/contoso.example`,
      clientId: 'daemon',
      clientSecret: 'secret',
      fetch,
      now: clock.now,
    })
    const referrals = new ReferralsApi(new HttpClient({ baseUrl: base, token, retry: false }))
    assert.equal((await referrals.list())['@odata.count'], 0)
    await Promise.all([referrals.list(), token(), token(), token()])
    assert.equal(grants.length, 1, 'one grant for every call within the token’s life')
    assert.equal(grants[0]!.get('grant_type'), 'client_credentials')
    clock.advance(3600_000 - 300_000 - 1) // cosell's tokens live an hour; renewal is 5 minutes before
    await token()
    assert.equal(grants.length, 1)
    clock.advance(1)
    await token()
    assert.equal(grants.length, 2, 'renewed once within five minutes of expiry')
  })

  test('concurrent calls while a grant is in flight share it', async () => {
    const { fetch, grants } = recordingFetch()
    const authority = `${base}/contoso.example`
    const token = clientCredentials({ authority, clientId: 'd', clientSecret: 's', fetch })
    const tokens = await Promise.all(Array.from({ length: 8 }, () => token()))
    assert.equal(new Set(tokens).size, 1)
    assert.equal(grants.length, 1)
  })

  test('refresh token: each new refresh token the authority sends is used for the next grant', async () => {
    const { fetch, grants, sentBack } = recordingFetch()
    const clock = manualNow()
    const first = await signIn()
    const stored: string[] = []
    const token = refreshToken({
      authority: `${base}/contoso.example`,
      clientId: 'sdk-test',
      refreshToken: first,
      onRefreshToken: (next) => void stored.push(next),
      fetch,
      now: clock.now,
    })
    const referrals = new ReferralsApi(new HttpClient({ baseUrl: base, token, retry: false }))
    for (let i = 0; i < 3; i++) {
      await referrals.list()
      clock.advance(3600_000)
    }
    assert.equal(sentBack.length, 3, 'every grant answered a refresh token')
    assert.deepEqual(
      grants.map((g) => [g.get('grant_type'), g.get('refresh_token')]),
      [first, ...sentBack.slice(0, 2)].map((used) => ['refresh_token', used]),
    )
    // cosell's refresh tokens carry their issue time in seconds: one issued in the same second as
    // the one it replaces is the same token, and nothing new is stored
    const changed = sentBack.filter((next, i) => next !== (i === 0 ? first : sentBack[i - 1]))
    assert.deepEqual(stored, changed)
  })

  test('a refused grant is a TokenError naming Entra’s error; the next call asks again', async () => {
    const { fetch, grants } = recordingFetch()
    const token = refreshToken({
      authority: `${base}/contoso.example`,
      clientId: 'sdk-test',
      refreshToken: 'not-a-refresh-token',
      fetch,
    })
    for (let i = 0; i < 2; i++) {
      await assert.rejects(token(), (error: unknown) => {
        assert.ok(error instanceof TokenError)
        assert.deepEqual([error.status, error.error], [400, 'invalid_grant'])
        assert.match(error.message, /^invalid_grant: AADSTS\d+/)
        return true
      })
    }
    assert.equal(grants.length, 2)
  })
})
