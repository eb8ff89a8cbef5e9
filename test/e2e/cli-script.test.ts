// The CLI as scripts use it, against a real server: exit codes by kind of outcome, a connection
// failure that names the URL and its cause, output formats, profiles and their precedence,
// `token` and `reset` with the defaults, and `referrals watch` following changes.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { decodeJwt } from 'jose'
import type { Referral } from '../../src/client/referrals.js'
import { demoTenant } from '../../src/cli/connection.js'
import { closedPort } from '../support/closed-port.js'
import { cliEnv, cliServer, runCosell } from '../support/cli-server.js'

const { cosell, url } = cliServer('cli-script')
const scratch = mkdtempSync(join(tmpdir(), 'cosell-cli-script-'))
after(() => rmSync(scratch, { recursive: true, force: true }))
const create = ['referrals', 'create', 'test/fixtures/create-partner-led.json']
const missing = '00000000-0000-4000-8000-000000000000'

async function newReferral(): Promise<Referral> {
  return JSON.parse(await cosell(...create, '--output', 'json')) as Referral
}

test('exit codes: 0 done, 1 refused, 2 usage, 3 unreachable, 4 precondition failed', async () => {
  const deal = await newReferral()
  const dead = `http://127.0.0.1:${await closedPort()}`
  const cases: [string, string[], number, RegExp][] = [
    ['done', ['referrals', 'get', deal.id, '--url', url()], 0, /^$/],
    ['refused', ['referrals', 'get', missing, '--url', url()], 1, /404 itemNotFound/],
    ['usage', ['referrals', 'list', '--bogus', '--url', url()], 2, /unknown option '--bogus'[\s\S]*--help/],
    ['usage', ['referrals', 'list', '--output', 'xml'], 2, /Allowed choices are table, json, csv/],
    ['unreachable', ['referrals', 'list', '--url', dead], 3, /cannot reach/],
    ['412', ['referrals', 'update', deal.id, '/name=x', '--if-match', 'stale', '--url', url()], 4, /412/],
  ]
  for (const [kind, args, code, stderr] of cases) {
    const result = await runCosell(args)
    assert.equal(result.code, code, `${kind}: ${result.stderr}`)
    assert.match(result.stderr, stderr, kind)
  }
})

test('a server that does not answer is named with the cause and what to do, not "fetch failed"', async () => {
  const port = await closedPort()
  const { code, stderr } = await runCosell(['referrals', 'list'], { COSELL_URL: `http://127.0.0.1:${port}` })
  assert.equal(code, 3)
  assert.match(
    stderr,
    new RegExp(`^cosell: cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`),
  )
  assert.match(stderr, /npm start.*--url or COSELL_URL/)
  assert.doesNotMatch(stderr, /fetch failed/)
})

test('one object prints as one line, a list as a table or CSV, --output json as the whole object', async () => {
  const line = await cosell(...create)
  const [id] = line.split('  ')
  assert.match(
    line,
    /^[0-9a-f-]{36} {2}Active\/Accepted {2}eTag "[^"]+" {2}Contoso Test Deal - \[PartnerLed\]\n$/,
  )
  const updated = await cosell('referrals', 'update', id!, '/details/dealValue=1234')
  assert.equal(updated.split('\n').length, 2) // one line, not the 150 of the whole referral
  const whole = JSON.parse(await cosell('referrals', 'get', id!, '--output', 'json')) as Referral
  assert.equal(whole.details.dealValue, 1234)
  const csv = (await cosell('referrals', 'list', '--output', 'csv')).trimEnd().split('\n')
  assert.equal(csv[0], 'id,status,direction,type,organization,name,eTag')
  const row = csv.find((r) => r.startsWith(id!))
  assert.ok(row?.endsWith(`,"${whole.eTag.replaceAll('"', '""')}"`), row) // quotes doubled inside quotes
  const invitation = await cosell('referrals', 'invite-microsoft', id!)
  assert.match(invitation, /^[0-9a-f-]{36} {2}New\/Pending {2}eTag/)
  assert.equal(invitation.split('\n').length, 2)
})

test('send-lead prints the partner’s referral itself, not a wrapper object', async () => {
  await newReferral() // the partner's organisation exists once it has made a referral
  const printed = await cosell(
    'microsoft',
    'send-lead',
    'test/fixtures/create-partner-led.json',
    '--to',
    demoTenant,
    '--json',
  )
  const lead = JSON.parse(printed) as Referral & { referral?: unknown }
  assert.equal(lead.referral, undefined)
  assert.equal(lead.organizationId, demoTenant)
})

test('a profile names the server; the environment beats it and a flag beats both; secrets stay hidden', async () => {
  const env = { COSELL_CONFIG: join(scratch, 'profiles', 'config.json') }
  const token = 'x'.repeat(40)
  const added = await runCosell(
    ['profile', 'add', 'local', '--url', url(), '--admin-token', token, '--use'],
    env,
  )
  assert.deepEqual([added.code, added.stdout], [0, 'added profile local (current)\n'])
  assert.equal((await runCosell(['referrals', 'list'], env)).code, 0)
  const dead = `http://127.0.0.1:${await closedPort()}`
  const fromEnv = await runCosell(['referrals', 'list'], { ...env, COSELL_URL: dead })
  assert.equal(fromEnv.code, 3, fromEnv.stderr)
  assert.equal((await runCosell(['referrals', 'list', '--url', url()], { ...env, COSELL_URL: dead })).code, 0)
  const listed = await runCosell(['profile', 'list'], env)
  assert.match(listed.stdout, /local \*/)
  assert.match(listed.stdout, /xxxx…\(40 chars\)/)
  assert.doesNotMatch(listed.stdout + (await runCosell(['profile', 'show', '--json'], env)).stdout, /x{40}/)
  const unknown = await runCosell(['referrals', 'list', '--profile', 'prod'], env)
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /no profile 'prod'.*the profiles are: local/)
})

test('cosell token alone signs for the default tenant; COSELL_TENANT and --tenant choose another', async () => {
  const env = { COSELL_DATA_DIR: join(scratch, 'token-data') }
  const tid = async (args: string[], settings: Record<string, string> = {}) => {
    const { code, stdout, stderr } = await runCosell(['token', ...args], { ...env, ...settings })
    assert.equal(code, 0, stderr)
    return decodeJwt(stdout.trim()).tid
  }
  assert.equal(await tid([]), demoTenant)
  assert.equal(
    await tid([], { COSELL_TENANT: 'contoso.example' }),
    await tid(['--tenant', 'contoso.example']),
  )
  assert.notEqual(await tid(['--tenant', 'contoso.example'], { COSELL_TENANT: demoTenant }), demoTenant)
})

test('reset off a terminal without --yes refuses and removes nothing; with --yes it resets', async () => {
  const deal = await newReferral()
  const refused = await runCosell(['reset', '--url', url()])
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, /not on a terminal to ask, so give --yes/)
  await cosell('referrals', 'get', deal.id)
  assert.match(await cosell('reset', '--yes'), /^removed \d+ referrals/)
  assert.equal((await runCosell(['referrals', 'get', deal.id, '--url', url()])).code, 1)
})

test('referrals watch prints one line per change, with the fields that changed, then stops at --limit', async () => {
  const deal = await newReferral()
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'referrals',
      'watch',
      '--limit',
      '2',
      '--interval',
      '0.2',
      '--url',
      url(),
    ],
    { cwd: repoRoot, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const killer = setTimeout(() => child.kill(), 90_000)
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => (/watching/.test(chunk.toString()) ? resolve() : undefined))
      child.once('exit', () => reject(new Error('watch ended before it started watching')))
    })
    await cosell('referrals', 'update', deal.id, '/name=Watched')
    const second = await newReferral()
    assert.equal(await exited, 0)
    const lines = stdout.trimEnd().split('\n')
    assert.equal(lines.length, 2, stdout)
    assert.match(
      lines[0]!,
      new RegExp(`${deal.id} {2}updated .*name: Contoso Test Deal - \\[PartnerLed\\] → Watched`),
    )
    assert.match(lines[1]!, new RegExp(`${second.id} {2}created`))
  } finally {
    clearTimeout(killer)
    child.kill()
  }
})

test('watch --via list (as against Microsoft’s service) --since --once prints what changed since then', async () => {
  const deal = await newReferral()
  const printed = await cosell(
    'referrals',
    'watch',
    '--via',
    'list',
    '--since',
    deal.updatedDateTime,
    '--once',
    '--output',
    'csv',
  )
  const [header, ...rows] = printed.trimEnd().split('\n')
  assert.equal(header, 'at,referralId,kind,status,by,changes')
  assert.ok(
    rows.some((row) => row.includes(`${deal.id},created,Active/Accepted`)),
    printed,
  )
})
