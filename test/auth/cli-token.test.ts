// `cosell token` prints a token that a server started on the same data directory accepts, even
// in verify mode: both use the data directory's signing key.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, mock, test } from 'node:test'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { loadSigningKey } from '../../src/auth/signing-key.js'
import { tenantIdOfDomain } from '../../src/auth/tenant.js'
import { buildProgram } from '../../src/cli/program.js'
import { loadConfig } from '../../src/config/load.js'
import { startServer, type RunningServer } from '../../src/main.js'

const tenant = '99999999-9999-4999-8999-999999999999'
const root = mkdtempSync(join(tmpdir(), 'cosell-cli-token-'))
const dataDir = join(root, 'data')
let server: RunningServer | undefined

after(async () => {
  await server?.close()
  rmSync(root, { recursive: true, force: true })
})

/** Runs `cosell token …` and returns what it printed. */
async function cosellToken(...args: string[]): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const log = mock.method(console, 'log', (line: string) => void out.push(line))
  const error = mock.method(console, 'error', (line: string) => void err.push(line))
  try {
    await buildProgram().parseAsync(['node', 'cosell', 'token', ...args])
  } finally {
    log.mock.restore()
    error.mock.restore()
  }
  return { out, err }
}

let token: string
before(async () => {
  const { out } = await cosellToken(
    '--tenant',
    tenant,
    '--user',
    'ann@contoso.com',
    '--role',
    'referral admin',
    '--data-dir',
    dataDir,
  )
  assert.equal(out.length, 1)
  token = out[0]!
})

test('the token carries the tenant, user, role and Partner Center audience, signed with the data directory key', async () => {
  const claims = decodeJwt(token)
  assert.equal(claims.tid, tenant)
  assert.equal(claims.upn, 'ann@contoso.com')
  assert.deepEqual(claims.roles, ['Referral Admin'])
  assert.equal(claims.aud, 'https://api.partner.microsoft.com')
  assert.equal(claims.exp! - claims.iat!, 3600)
  assert.equal(decodeProtectedHeader(token).kid, (await loadSigningKey(dataDir)).kid)
})

test('a verify-mode server on the same data directory accepts it', async () => {
  const config = loadConfig({
    COSELL_DATA_DIR: dataDir,
    PORT: '0',
    COSELL_AUTH: 'verify',
    COSELL_LOG_LEVEL: 'silent',
  })
  server = await startServer(config)
  const res = await fetch(`${server.url}/v1.0/engagements/referrals`, {
    headers: { authorization: `Bearer ${token}` },
  })
  assert.equal(res.status, 200, await res.text())
  const forged = await fetch(`${server.url}/v1.0/engagements/referrals`, {
    headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
  })
  assert.equal(forged.status, 401)
})

test('--name, --expires-in and a domain as tenant', async () => {
  const { out } = await cosellToken(
    '--tenant',
    'contoso.com',
    '--user',
    'bo@contoso.com',
    '--name',
    'Bo',
    '--expires-in',
    '60',
    '--data-dir',
    dataDir,
  )
  const claims = decodeJwt(out[0]!)
  assert.equal(claims.tid, tenantIdOfDomain('contoso.com'))
  assert.equal(claims.name, 'Bo')
  assert.equal(claims.exp! - claims.iat!, 60)
  assert.equal(claims.roles, undefined)
})

test('common is not one tenant: the command says so and exits with 2', async () => {
  const { out, err } = await cosellToken(
    '--tenant',
    'common',
    '--user',
    'bo@contoso.com',
    '--data-dir',
    dataDir,
  )
  assert.deepEqual(out, [])
  assert.match(err.join('\n'), /one tenant/)
  assert.equal(process.exitCode, 2)
  process.exitCode = 0
})
