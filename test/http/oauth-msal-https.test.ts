// Issue 15 item 3: MSAL for Node, unmodified (no custom network client), signs in against cosell
// served over HTTPS with the certificate `cosell serve --tls` makes, trusted via
// NODE_EXTRA_CA_CERTS: the username/password and client-credentials flows, and MSAL's token cache.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { loadTlsCertificate, type TlsCertificate } from '../../src/http/tls-certificate.js'
import { makeAuthTestApp, type AuthTestApp } from '../support/auth-app.js'

const fabrikam = '55555555-5555-4555-8555-555555555555'

let t: AuthTestApp
let dataDir: string
let tls: TlsCertificate
let origin: string
const seen: string[] = []

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cosell-tls-'))
  tls = await loadTlsCertificate({ dataDir, host: '127.0.0.1', publicUrl: null, tlsCert: null, tlsKey: null })
  t = await makeAuthTestApp({ https: tls })
  t.app.addHook('onRequest', (request, _reply, done) => {
    seen.push(`${request.method} ${request.url.split('?')[0]}`)
    done()
  })
  await t.app.inject({
    method: 'PUT',
    url: `/_cosell/organizations/${fabrikam}`,
    payload: { name: 'Fabrikam' },
  })
  await t.app.inject({
    method: 'PUT',
    url: `/_cosell/organizations/${fabrikam}/users/kim@contoso.com`,
    payload: {},
  })
  const port = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port
  origin = `https://localhost:${port}`
})
after(async () => {
  await t.close()
  await rm(dataDir, { recursive: true, force: true })
})

test('the certificate is made once per data directory, its key readable by the owner only', async () => {
  assert.equal(tls.origin, 'made')
  assert.equal((await stat(join(dataDir, 'tls-key.pem'))).mode & 0o777, 0o600)
  const again = await loadTlsCertificate({
    dataDir,
    host: '127.0.0.1',
    publicUrl: null,
    tlsCert: null,
    tlsKey: null,
  })
  assert.equal(again.origin, 'kept')
  assert.equal(again.cert, tls.cert)
})

test('MSAL with only knownAuthorities and the trusted certificate: both flows and its cache', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../support/msal-https-client.ts'), origin],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certFile }, timeout: 90_000 },
  )
  const got = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
  assert.deepEqual(got, {
    publicClient: {
      tenantId: fabrikam,
      username: 'kim@contoso.com',
      iss: `${origin}/${fabrikam}/v2.0`,
      api: 200,
    },
    silent: { fromCache: true, sameToken: true },
    refreshed: { fromCache: false, api: 200 },
    confidentialClient: { idtyp: 'app', api: 200, secondFromCache: true },
  })
  const tokenRequests = seen.filter((s) => s.startsWith('POST') && s.includes('/token'))
  assert.deepEqual(tokenRequests, [
    'POST /common/oauth2/v2.0/token', // the password sign-in
    'POST /common/oauth2/v2.0/token', // the forced refresh, through the authority as configured
    'POST /contoso.com/oauth2/v2.0/token', // client credentials, once: the second came from the cache
  ])
})
