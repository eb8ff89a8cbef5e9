// In emulator mode, where tokens are believed unverified, the server listens on loopback only
// unless COSELL_ALLOW_INSECURE=1 (issue 4 item 2); and the auth settings load from env and flags.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { insecureListenRefusal, isLoopbackHost } from '../../src/config/insecure-listen.js'
import { ConfigError, loadConfig } from '../../src/config/load.js'
import { startServer } from '../../src/main.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-listen-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('loopback hosts', () => {
  for (const host of [
    '127.0.0.1',
    '127.1.2.3',
    'localhost',
    'LOCALHOST',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
  ]) {
    assert.equal(isLoopbackHost(host), true, host)
  }
  for (const host of [
    '0.0.0.0',
    '::',
    '192.168.1.10',
    'cosell.example.com',
    '128.0.0.1',
    'localhost.evil.com',
  ]) {
    assert.equal(isLoopbackHost(host), false, host)
  }
})

test('only emulator mode on a non-loopback host without COSELL_ALLOW_INSECURE is refused', () => {
  const cases: [string, 'emulator' | 'verify', boolean, boolean][] = [
    ['0.0.0.0', 'emulator', false, true],
    ['192.168.1.10', 'emulator', false, true],
    ['0.0.0.0', 'emulator', true, false],
    ['0.0.0.0', 'verify', false, false],
    ['127.0.0.1', 'emulator', false, false],
  ]
  for (const [host, auth, allowInsecure, refused] of cases) {
    assert.equal(
      insecureListenRefusal({ host, auth, allowInsecure }) !== undefined,
      refused,
      `${host} ${auth} ${allowInsecure}`,
    )
  }
})

test('the refusal says why and how to proceed', () => {
  const message = insecureListenRefusal({ host: '0.0.0.0', auth: 'emulator', allowInsecure: false })!
  assert.match(message, /HOST=0\.0\.0\.0/)
  assert.match(message, /without checking its signature/)
  assert.match(message, /COSELL_ALLOW_INSECURE=1/)
  assert.match(message, /COSELL_AUTH=verify/)
})

test('startServer refuses before it touches the data directory', async () => {
  const dataDir = join(dir, 'never-created')
  const config = loadConfig({
    HOST: '0.0.0.0',
    PORT: '0',
    COSELL_DATA_DIR: dataDir,
    COSELL_LOG_LEVEL: 'silent',
  })
  await assert.rejects(
    startServer(config),
    (e: Error) => e instanceof ConfigError && /COSELL_ALLOW_INSECURE/.test(e.message),
  )
  assert.equal(existsSync(dataDir), false)
})

test('the auth settings load from the environment and from flags', () => {
  const env = loadConfig({
    COSELL_AUTH: 'verify',
    COSELL_OIDC_ISSUERS: ' https://a.example/t/v2.0 , http://127.0.0.1:9/x ',
    COSELL_ALLOW_INSECURE: '1',
  })
  assert.equal(env.auth, 'verify')
  assert.deepEqual(env.oidcIssuers, ['https://a.example/t/v2.0', 'http://127.0.0.1:9/x'])
  assert.equal(env.allowInsecure, true)
  const defaults = loadConfig({})
  assert.deepEqual([defaults.auth, defaults.oidcIssuers, defaults.allowInsecure], ['emulator', [], false])
  assert.equal(loadConfig({ COSELL_ALLOW_INSECURE: 'true' }).allowInsecure, true)
  assert.equal(loadConfig({}, { allowInsecure: true, auth: 'verify' }).auth, 'verify')
})

test('bad auth settings are named with their variable', () => {
  assert.throws(
    () => loadConfig({ COSELL_AUTH: 'trust-me' }),
    (e: Error) => e instanceof ConfigError && /COSELL_AUTH/.test(e.message),
  )
  assert.throws(
    () => loadConfig({ COSELL_OIDC_ISSUERS: 'not a url' }),
    (e: Error) => e instanceof ConfigError && /COSELL_OIDC_ISSUERS/.test(e.message),
  )
  assert.throws(
    () => loadConfig({ COSELL_ALLOW_INSECURE: 'yes' }),
    (e: Error) => e instanceof ConfigError && /COSELL_ALLOW_INSECURE/.test(e.message),
  )
})
