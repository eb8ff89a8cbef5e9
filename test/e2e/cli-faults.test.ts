// Faults on demand from the command line and the SDK against a real server: `cosell faults add`
// makes a partner's calls fail as the rule says, `list` shows what fired and what remains, and
// `clear` removes them; the SDK's AdminApi does the same.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AdminApi, HttpClient, type FaultRuleView } from '../../src/client/index.js'
import { emulatorToken } from '../../src/client/emulator-token.js'
import { cliServer } from '../support/cli-server.js'

const { cosell, url } = cliServer('cli-faults')

const listReferrals = () =>
  fetch(`${url()}/v1.0/engagements/referrals`, {
    headers: { authorization: `Bearer ${emulatorToken({ tid: 'contoso', upn: 'a@contoso.example' })}` },
    signal: AbortSignal.timeout(10_000),
  })

test('cosell faults add, list and clear: the next 3 listings answer 503 with Retry-After 5', async () => {
  const added = await cosell(
    'faults',
    'add',
    '--status',
    '503',
    '--route',
    'GET /v1.0/engagements/referrals',
    '--times',
    '3',
    '--retry-after',
    '5',
    '--seed',
    '11',
    '--json',
  )
  const rule = JSON.parse(added) as FaultRuleView
  assert.deepEqual([rule.status, rule.retryAfter, rule.times, rule.seed], [503, 5, 3, 11])

  const answers = []
  for (let i = 0; i < 4; i++) {
    const res = await listReferrals()
    answers.push(`${res.status} ${res.headers.get('retry-after') ?? '-'}`)
  }
  assert.deepEqual(answers, ['503 5', '503 5', '503 5', '200 -'])

  const listed = await cosell('faults', 'list')
  assert.match(
    listed,
    new RegExp(
      `${rule.id}\\s+GET /v1.0/engagements/referrals\\s+503 \\(Retry-After 5\\)\\s+next 3\\s+11\\s+3\\s+3\\s+0 \\(spent\\)`,
    ),
  )
  assert.match(await cosell('faults', 'clear', rule.id), new RegExp(`removed ${rule.id}`))
  assert.match(await cosell('faults', 'clear'), /removed 0 fault rules/)
})

test('the SDK adds, reads, lists and clears fault rules', async () => {
  const admin = new AdminApi(new HttpClient({ baseUrl: url() }))
  const rule = await admin.addFault({
    latency: { distribution: 'uniform', min: 1, max: 5 },
    operation: 'getReferral',
    seed: 3,
  })
  assert.deepEqual(await admin.fault(rule.id), rule)
  assert.deepEqual(
    (await admin.faults()).map((r) => r.id),
    [rule.id],
  )
  await admin.deleteFault(rule.id)
  await admin.addFault({ status: 429, probability: 0 })
  assert.equal(await admin.clearFaults(), 1)
  assert.deepEqual(await admin.faults(), [])
})
