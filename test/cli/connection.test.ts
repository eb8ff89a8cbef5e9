// Where each connection setting comes from: the flag, then the environment, then the profile
// (named by --profile, COSELL_PROFILE or the file's current one), then the default.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { connectionOf, defaultUrl, demoTenant } from '../../src/cli/connection.js'
import {
  configPath,
  maskSecret,
  ProfileError,
  shownProfile,
  writeConfigFile,
} from '../../src/cli/profiles.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-connection-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const config = join(dir, 'config.json')
writeConfigFile(
  {
    current: 'sandbox',
    profiles: {
      sandbox: { url: 'http://profile.example:1', tenant: 'profile-tenant', user: 'p@profile.example' },
      prod: { url: 'https://api.partner.microsoft.com', token: 'profile-token' },
    },
  },
  config,
)

test('flags win over the environment, the environment over the profile, the profile over defaults', () => {
  const env = { COSELL_CONFIG: config, COSELL_URL: 'http://env.example:2', COSELL_TENANT: 'env-tenant' }
  const both = connectionOf({ url: 'http://flag.example:3' }, env)
  assert.deepEqual(
    [both.url, both.tenant, both.user, both.profile],
    ['http://flag.example:3', 'env-tenant', 'p@profile.example', 'sandbox'],
  )
  const none = connectionOf({}, { COSELL_CONFIG: join(dir, 'absent.json') })
  assert.deepEqual(
    [none.url, none.tenant, none.token, none.profile],
    [defaultUrl, demoTenant, undefined, undefined],
  )
})

test('--profile and COSELL_PROFILE choose another profile than the current one; --profile first', () => {
  const env = { COSELL_CONFIG: config, COSELL_PROFILE: 'prod' }
  assert.equal(connectionOf({}, env).url, 'https://api.partner.microsoft.com')
  assert.equal(connectionOf({}, env).token, 'profile-token')
  assert.equal(connectionOf({ token: 'flag-token' }, env).token, 'flag-token')
  assert.equal(connectionOf({ profile: 'sandbox' }, env).url, 'http://profile.example:1')
})

test('a profile that does not exist is an error naming the profiles there are', () => {
  assert.throws(
    () => connectionOf({ profile: 'staging' }, { COSELL_CONFIG: config }),
    (error: unknown) =>
      error instanceof ProfileError &&
      /no profile 'staging'.*prod, sandbox|sandbox, prod/.test(error.message),
  )
})

test('a tokenCommand runs once, when the token is first needed', async () => {
  const file = join(dir, 'command.json')
  const runs = join(dir, 'runs.txt')
  const tokenCommand = `echo run >> "${runs}" && echo from-a-command`
  writeConfigFile({ current: 'cmd', profiles: { cmd: { tokenCommand } } }, file)
  const token = connectionOf({}, { COSELL_CONFIG: file }).token as () => Promise<string>
  assert.equal(existsSync(runs), false) // not before a request needs it
  assert.deepEqual([await token(), await token()], ['from-a-command', 'from-a-command'])
  assert.equal(readFileSync(runs, 'utf8'), 'run\n')
})

test('the config file is $COSELL_CONFIG, else under $XDG_CONFIG_HOME, else ~/.config; only its owner reads it', () => {
  assert.equal(configPath({ COSELL_CONFIG: '/x/c.json', XDG_CONFIG_HOME: '/y' }), '/x/c.json')
  assert.equal(configPath({ XDG_CONFIG_HOME: '/y' }), join('/y', 'cosell', 'config.json'))
  assert.match(configPath({}), /\.config[\\/]cosell[\\/]config\.json$/)
  if (process.platform !== 'win32') assert.equal(statSync(config).mode & 0o777, 0o600)
})

test('a stored secret is shown by its first characters and length only', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.payload.signature'
  assert.equal(maskSecret(jwt), `eyJh…(${jwt.length} chars)`)
  assert.equal(maskSecret('short'), '****')
  const shown = shownProfile({
    url: 'http://x',
    token: jwt,
    adminToken: 'admin-secret-value',
    tokenCommand: 'az x',
  })
  assert.deepEqual(shown, {
    url: 'http://x',
    token: maskSecret(jwt),
    tokenCommand: 'az x',
    adminToken: 'admi…(18 chars)',
  })
})
