// Issues 12 and 15 from the command line: `cosell organizations` and `cosell users` against a real
// server, as a user would run them; a verified domain set here decides where its users sign in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeJwt } from 'jose'
import type { Organization, User } from '../../src/client/admin.js'
import { cliFailure as failure, cliServer } from '../support/cli-server.js'

const { cosell, url } = cliServer('cli-directory')

const fabrikam = '55555555-5555-4555-8555-555555555555'
const northwind = '66666666-6666-4666-8666-666666666666'

/** A password sign-in through `common`, as an MSAL app whose users belong to several tenants does. */
async function signInThroughCommon(username: string): Promise<string> {
  const response = await fetch(`${url()}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'cli-test',
      username,
      password: 'x',
      scope: 'https://api.partner.microsoft.com/.default',
    }),
    signal: AbortSignal.timeout(10_000),
  })
  assert.equal(response.status, 200, await response.clone().text())
  const { access_token } = (await response.json()) as { access_token: string }
  return String(decodeJwt(access_token).tid)
}

test('organizations set gives a domain; a user of it signs in through common into that organisation', async () => {
  const printed = await cosell(
    'organizations',
    'set',
    fabrikam,
    '--name',
    'Fabrikam',
    '--domain',
    'Fabrikam.example',
  )
  assert.match(printed, new RegExp(`${fabrikam}\\s+Fabrikam\\s+\\d+\\s+fabrikam.example`))
  const saved = JSON.parse(await cosell('organizations', 'get', fabrikam, '--json')) as Organization
  assert.deepEqual([saved.name, saved.domains], ['Fabrikam', ['fabrikam.example']])
  assert.equal(await signInThroughCommon('kim@fabrikam.example'), fabrikam)
  const listed = JSON.parse(await cosell('organizations', 'list', '--json')) as Organization[]
  assert.deepEqual(listed.find((o) => o.id === fabrikam)?.domains, ['fabrikam.example'])
  assert.ok(listed.some((o) => o.id === 'msft'))
})

test("a domain another organisation verified prints the 409's message and target and exits 1", async () => {
  await cosell('organizations', 'set', fabrikam, '--domain', 'taken.example')
  const stderr = await failure(cosell('organizations', 'set', northwind, '--domain', 'taken.example'))
  assert.match(
    stderr,
    /409 resourceModified: The domain 'taken.example' is already a verified domain of organisation/,
  )
  assert.match(stderr, /target: domains/)
  assert.doesNotMatch(stderr, /undefined/)
  await failure(cosell('organizations', 'get', northwind)) // the refused change created nothing
})

test('organizations set changes only what is given: --add-domain and --remove-domain edit the list', async () => {
  await cosell('organizations', 'set', northwind, '--name', 'Northwind', '--domain', 'northwind.example')
  await cosell('organizations', 'set', northwind, '--add-domain', 'nw.example')
  await cosell(
    'organizations',
    'set',
    northwind,
    '--remove-domain',
    'Northwind.example',
    '--add-domain',
    'n.example',
  )
  const saved = JSON.parse(await cosell('organizations', 'get', northwind, '--json')) as Organization
  assert.deepEqual([saved.name, saved.domains], ['Northwind', ['nw.example', 'n.example']])
  assert.match(await failure(cosell('organizations', 'set', northwind), 2), /nothing to change/) // usage
})

test('users set, list and remove; a bad role and a missing user print the server’s error', async () => {
  const set = await cosell('users', 'set', fabrikam, 'Jane@Fabrikam.example', '--role', 'Referral User')
  assert.match(set, /jane@fabrikam\.example\s+Referral User/)
  const users = JSON.parse(await cosell('users', 'list', fabrikam, '--json')) as User[]
  assert.deepEqual(
    users.map((u) => [u.email, u.role]),
    [['jane@fabrikam.example', 'Referral User']],
  )
  const badRole = await failure(cosell('users', 'set', fabrikam, 'jane@fabrikam.example', '--role', 'Boss'))
  assert.match(badRole, /400 invalidRequest[\s\S]*role: .*Referral User/)
  assert.match(
    await cosell('users', 'remove', fabrikam, 'jane@fabrikam.example'),
    /removed jane@fabrikam\.example/,
  )
  assert.doesNotMatch(await cosell('users', 'list', fabrikam), /jane@/)
  const missing = await failure(cosell('users', 'remove', fabrikam, 'jane@fabrikam.example'))
  assert.match(missing, /404 itemNotFound/)
})
