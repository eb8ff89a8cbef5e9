// Issue 15 item 2: through common/organizations a user signs into their home organisation, the
// one whose directory lists them or whose verified domains include theirs, as Entra does; only an
// unknown user and domain land in the tenant made up from the domain. Plus the admin API's
// `domains` list that says which organisation verified a domain.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { decodeJwt } from 'jose'
import { makeAuthTestApp, postForm, type AuthTestApp } from '../support/auth-app.js'

const fabrikam = '55555555-5555-4555-8555-555555555555'
const northwind = '66666666-6666-4666-8666-666666666666'
const madeUpContoso = '2e53456b-8b3d-5066-b2af-a511633ba210' // the name-based id docs/auth.md describes
const host = 'localhost:8443'

let t: AuthTestApp
before(async () => {
  t = await makeAuthTestApp()
})
after(() => t.close())

const admin = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/_cosell${url}`, ...(payload === undefined ? {} : { payload }) })

async function signIn(path: string, username: string) {
  const res = await postForm(
    t.app,
    path,
    {
      grant_type: 'password',
      client_id: 'sync-app',
      username,
      password: 'x',
      scope: 'https://api.partner.microsoft.com/.default openid offline_access',
    },
    { host },
  )
  assert.equal(res.statusCode, 200, res.body)
  return res.json<{ access_token: string; refresh_token: string; id_token: string }>()
}

describe('sign-in through common and organizations', () => {
  before(async () => {
    assert.equal((await admin('PUT', `/organizations/${fabrikam}`, { name: 'Fabrikam' })).statusCode, 200)
    assert.equal(
      (await admin('PUT', `/organizations/${fabrikam}/users/Kim@Contoso.com`, { role: 'Referral User' }))
        .statusCode,
      200,
    )
    const domains = await admin('PUT', `/organizations/${northwind}`, {
      name: 'Northwind',
      domains: ['Northwind.example'],
    })
    assert.equal(domains.statusCode, 200, domains.body)
  })

  test('a user listed in an organisation signs in through common into it: tid, iss and upn say so', async () => {
    const { access_token, id_token } = await signIn('/common/oauth2/v2.0/token', 'kim@contoso.com')
    const claims = decodeJwt(access_token)
    assert.equal(claims.tid, fabrikam)
    assert.equal(claims.iss, `http://localhost:8443/${fabrikam}/v2.0`)
    assert.equal(claims.upn, 'kim@contoso.com')
    assert.equal(decodeJwt(id_token).tid, fabrikam)
    const me = await t.app.inject({
      method: 'GET',
      url: '/v1.0/engagements/referrals',
      headers: { authorization: `Bearer ${access_token}`, host },
    })
    assert.equal(me.statusCode, 200)
  })

  test('a user of a verified domain signs in through organizations into its organisation', async () => {
    const { access_token } = await signIn('/organizations/oauth2/v2.0/token', 'lee@NORTHWIND.example')
    const claims = decodeJwt(access_token)
    assert.equal(claims.tid, northwind)
    assert.equal(claims.iss, `http://localhost:8443/${northwind}/v2.0`)
    assert.equal(claims.upn, 'lee@NORTHWIND.example')
  })

  test('the v1 endpoint through common resolves the same way', async () => {
    const res = await postForm(
      t.app,
      '/common/oauth2/token',
      {
        grant_type: 'password',
        client_id: 'sync-app',
        username: 'kim@contoso.com',
        password: 'x',
        resource: 'https://api.partner.microsoft.com',
      },
      { host },
    )
    const claims = decodeJwt(res.json<{ access_token: string }>().access_token)
    assert.equal(claims.tid, fabrikam)
    assert.equal(claims.iss, `http://localhost:8443/${fabrikam}/`)
  })

  test('an unknown user of an unknown domain lands in the tenant made up from the domain', async () => {
    const claims = decodeJwt((await signIn('/common/oauth2/v2.0/token', 'ann@contoso.com')).access_token)
    assert.equal(claims.tid, madeUpContoso)
  })

  test('a tenant in the path wins: the same user through it gets that tenant', async () => {
    const claims = decodeJwt(
      (await signIn(`/${northwind}/oauth2/v2.0/token`, 'kim@contoso.com')).access_token,
    )
    assert.equal(claims.tid, northwind)
  })

  test('a refresh keeps the tenant of the original sign-in, even after the user moves', async () => {
    const first = await signIn('/common/oauth2/v2.0/token', 'max@northwind.example')
    assert.equal(decodeJwt(first.access_token).tid, northwind)
    await admin('PUT', `/organizations/${fabrikam}/users/max@northwind.example`, {})
    const refreshed = await postForm(
      t.app,
      '/common/oauth2/v2.0/token',
      { grant_type: 'refresh_token', client_id: 'sync-app', refresh_token: first.refresh_token },
      { host },
    )
    assert.equal(refreshed.statusCode, 200, refreshed.body)
    assert.equal(decodeJwt(refreshed.json<{ access_token: string }>().access_token).tid, northwind)
    const again = await signIn('/common/oauth2/v2.0/token', 'max@northwind.example')
    assert.equal(decodeJwt(again.access_token).tid, fabrikam, 'a new sign-in finds the new home')
  })
})

describe("an organisation's verified domains in the admin API", () => {
  const org = '77777777-7777-4777-8777-777777777777'
  const other = '88888888-8888-4888-8888-888888888888'

  test('are saved lower-cased without repeats, read back, and kept when a body leaves them out', async () => {
    const saved = await admin('PUT', `/organizations/${org}`, {
      domains: ['Tailspin.example', 'tailspin.example', 'tailspin.co.example'],
    })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.deepEqual(saved.json<{ domains: string[] }>().domains, ['tailspin.example', 'tailspin.co.example'])
    await admin('PUT', `/organizations/${org}`, { name: 'Tailspin' })
    assert.deepEqual((await admin('GET', `/organizations/${org}`)).json<{ domains: string[] }>().domains, [
      'tailspin.example',
      'tailspin.co.example',
    ])
  })

  test('a domain another organisation verified answers 409 naming it, and nothing changes', async () => {
    const res = await admin('PUT', `/organizations/${other}`, {
      name: 'Other',
      domains: ['wingtip.example', 'TAILSPIN.example'],
    })
    assert.equal(res.statusCode, 409, res.body)
    assert.deepEqual(res.json(), {
      error: {
        code: 'resourceModified',
        message: `The domain 'tailspin.example' is already a verified domain of organisation '${org}'; a domain belongs to one organisation at most. Remove it there first.`,
        target: 'domains',
        innerError: {
          code: 'domainTaken',
          message: `'tailspin.example' belongs to '${org}'.`,
          details: [{ domain: 'tailspin.example', organizationId: org }],
        },
      },
    })
    assert.equal((await admin('GET', `/organizations/${other}`)).statusCode, 404)
  })

  test('a domain moves once its organisation lets it go', async () => {
    await admin('PUT', `/organizations/${org}`, { domains: ['tailspin.co.example'] })
    const res = await admin('PUT', `/organizations/${other}`, { domains: ['tailspin.example'] })
    assert.equal(res.statusCode, 200, res.body)
  })

  test('a name that is not a domain answers 400 naming the field and the rule', async () => {
    for (const bad of [
      'localhost',
      'tailspin..example',
      '-x.example',
      'ann@tailspin.example',
      'http://x.example',
    ]) {
      const res = await admin('PUT', `/organizations/${org}`, { domains: [bad] })
      assert.equal(res.statusCode, 400, bad)
      const error = res.json<{
        error: { code: string; target: string; innerError: { details: { code: string; target: string }[] } }
      }>().error
      assert.equal(error.code, 'invalidRequest')
      assert.equal(error.target, 'domains[0]', bad)
      assert.equal(error.innerError.details[0]?.code, 'pattern', bad)
    }
  })
})
