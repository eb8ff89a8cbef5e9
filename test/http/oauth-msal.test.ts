// A real MSAL-node application signs in against a listening cosell (issue 4 tests: "a real
// MSAL-style flow"): discovery, then the password, client_credentials and refresh_token grants,
// and the token opens the Referrals API. The same requests are also sent as raw HTTP to a plain
// http:// authority, which MSAL itself refuses.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  ConfidentialClientApplication,
  PublicClientApplication,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node'
import { decodeJwt } from 'jose'
import { tenantIdOfDomain } from '../../src/auth/tenant.js'
import { makeAuthTestApp, type AuthTestApp } from '../support/auth-app.js'
import { plainHttpNetworkClient } from '../support/msal-http-shim.js'

const scopes = ['https://api.partner.microsoft.com/.default']
const clientId = 'c0ffee00-0000-4000-8000-000000000001'
const contoso = tenantIdOfDomain('contoso.com')

let t: AuthTestApp
let origin: string // http://127.0.0.1:PORT
let seen: string[] // what MSAL sent: "GET <path>" or "POST <path> <grant_type>"

before(async () => {
  t = await makeAuthTestApp()
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(async () => {
  await t.close()
})

/** The shim of docs/auth.md, recording each request MSAL makes. */
function recordingClient(): INetworkModule {
  const inner = plainHttpNetworkClient(origin)
  seen = []
  return {
    sendGetRequestAsync: (url, options, timeout) => {
      seen.push(`GET ${new URL(url).pathname}`)
      return inner.sendGetRequestAsync(url, options, timeout)
    },
    sendPostRequestAsync: (url, options) => {
      seen.push(`POST ${new URL(url).pathname} ${new URLSearchParams(options?.body).get('grant_type')}`)
      return inner.sendPostRequestAsync(url, options)
    },
  }
}

function msalConfig(tenant: string, clientSecret?: string): Configuration {
  const authority = `${origin.replace('http:', 'https:')}/${tenant}`
  return {
    auth: {
      clientId,
      authority,
      knownAuthorities: [new URL(origin).host],
      ...(clientSecret ? { clientSecret } : {}),
    },
    system: { networkClient: recordingClient() },
  }
}

async function listReferrals(token: string): Promise<number> {
  const res = await fetch(`${origin}/v1.0/engagements/referrals`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await res.body?.cancel()
  return res.status
}

describe('MSAL-node against cosell', () => {
  test('MSAL refuses a plain http:// authority, which is why docs/auth.md gives a network client', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId, authority: `${origin}/common`, knownAuthorities: [new URL(origin).host] },
    })
    await assert.rejects(
      pca.acquireTokenByUsernamePassword({ scopes, username: 'a@contoso.com', password: 'x' }),
      (error: { errorCode?: string }) => error.errorCode === 'authority_uri_insecure',
    )
  })

  test('a public client signs in with username and password and calls the Referrals API', async () => {
    const pca = new PublicClientApplication(msalConfig('contoso.com'))
    const result = await pca.acquireTokenByUsernamePassword({
      scopes,
      username: 'john.smith@contoso.com',
      password: 'x',
    })
    assert.ok(result)
    assert.deepEqual(seen, [
      'GET /contoso.com/v2.0/.well-known/openid-configuration',
      'POST /contoso.com/oauth2/v2.0/token password',
    ])
    assert.equal(result.tenantId, contoso)
    assert.equal(result.account?.username, 'john.smith@contoso.com')
    assert.equal(result.account?.name, 'John Smith')
    assert.equal(decodeJwt(result.accessToken).aud, 'https://api.partner.microsoft.com')
    assert.equal(await listReferrals(result.accessToken), 200)
  })

  test('acquireTokenSilent finds the token in the cache, and with forceRefresh redeems the refresh token', async () => {
    const pca = new PublicClientApplication(msalConfig(contoso))
    const first = await pca.acquireTokenByUsernamePassword({
      scopes,
      username: 'ann@contoso.com',
      password: 'x',
    })
    assert.ok(first?.account)
    const cached = await pca.acquireTokenSilent({ account: first.account, scopes })
    assert.equal(cached.fromCache, true)
    const refreshed = await pca.acquireTokenSilent({ account: first.account, scopes, forceRefresh: true })
    assert.equal(refreshed.fromCache, false)
    assert.equal(seen.at(-1), `POST /${contoso}/oauth2/v2.0/token refresh_token`)
    assert.equal(decodeJwt(refreshed.accessToken).upn, 'ann@contoso.com')
    assert.equal(await listReferrals(refreshed.accessToken), 200)
  })

  test('a confidential client gets an app token with client credentials', async () => {
    const cca = new ConfidentialClientApplication(msalConfig(contoso, 'any secret'))
    const result = await cca.acquireTokenByClientCredential({ scopes })
    assert.ok(result)
    assert.equal(seen.at(-1), `POST /${contoso}/oauth2/v2.0/token client_credentials`)
    assert.equal(decodeJwt(result.accessToken).idtyp, 'app')
    assert.equal(await listReferrals(result.accessToken), 200)
  })

  test("MSAL reads cosell's OAuth errors as Entra's", async () => {
    const pca = new PublicClientApplication(msalConfig('contoso.com'))
    await assert.rejects(
      pca.acquireTokenByUsernamePassword({
        scopes: ['https://graph.microsoft.com/.default'],
        username: 'a@contoso.com',
        password: 'x',
      }),
      (error: { errorCode?: string; errorMessage?: string }) =>
        error.errorCode === 'invalid_resource' && /AADSTS500011/.test(error.errorMessage ?? ''),
    )
  })
})

test('raw HTTP as MSAL sends it, to a plain http:// authority: discovery, then the token request', async () => {
  const authority = `${origin}/contoso.com`
  const discovery = await fetch(`${authority}/v2.0/.well-known/openid-configuration`)
  assert.equal(discovery.status, 200)
  const { token_endpoint, issuer } = (await discovery.json()) as { token_endpoint: string; issuer: string }
  assert.equal(issuer, `${origin}/${contoso}/v2.0`)
  const correlation = '75d9757a-5758-4c22-90cd-7bbfef6d0b7e'
  const res = await fetch(`${token_endpoint}?client-request-id=${correlation}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8',
      'X-AnchorMailbox': 'UPN: john@contoso.com',
    },
    body: new URLSearchParams({
      client_id: clientId,
      username: 'john@contoso.com',
      password: 'x',
      scope: 'https://api.partner.microsoft.com/.default openid profile offline_access',
      response_type: 'id_token token',
      grant_type: 'password',
      client_info: '1',
      'x-client-SKU': 'msal.js.node',
      'x-client-VER': '7.2.1',
      'x-client-OS': 'linux',
      'x-client-CPU': 'x64',
      'x-ms-lib-capability': 'retry-after, h429',
      'client-request-id': correlation,
    }).toString(),
  })
  assert.equal(res.status, 200)
  const body = (await res.json()) as Record<string, string>
  for (const name of ['access_token', 'refresh_token', 'id_token', 'client_info']) assert.ok(body[name], name)
  assert.equal(decodeJwt(body.access_token!).iss, issuer)
  assert.equal(await listReferrals(body.access_token!), 200)
})
