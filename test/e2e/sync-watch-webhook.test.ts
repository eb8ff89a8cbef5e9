// `cosell sync watch` woken by webhooks: with the referrals polled once an hour, a PATCH through
// the API still reaches the CRM row within seconds, so the webhook carried it. Ctrl-C (SIGINT)
// stops it cleanly, and it deletes the webhook registration it made.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { ApiError } from '../../src/client/index.js'
import { flaggedRow, openScenario, scenarioServer, waitUntil } from '../support/sync-scenario.js'
import { tenantA } from '../support/tokens.js'

const server = scenarioServer()

test('a referral PATCHed reaches the CRM row through the webhook; SIGINT stops watch and removes its webhook', async (t) => {
  const scenario = await openScenario(server(), {
    dialect: 'sqlite',
    tenant: tenantA,
    poll: { referrals: 3600, crm: 1 },
  })
  const { crm, referrals, webhooks } = scenario
  await crm.insert([flaggedRow('watched', 1)])
  const watch = scenario.spawnSync('watch')
  // the first pass reads both sides and makes the row's referral: after it, only a webhook reads referrals
  await waitUntil('the first pass', () => /created 0 in the CRM, 1 referral\(s\)/.test(watch.stdout()))
  const listening = /webhooks at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(watch.stderr())
  assert.ok(listening, `watch names no webhook listener:\n${watch.stderr()}`)
  assert.equal((await webhooks.get()).WebhookUrl, listening[1])

  const referralId = String((await crm.row('watched'))?.referral_id)
  const referral = await referrals.get(referralId)
  const sent = Date.now()
  await referrals.patch(referralId, [{ op: 'replace', path: '/details/notes', value: 'Sent by webhook' }], {
    ifMatch: referral.eTag,
  })
  await waitUntil('the row to change', async () => (await crm.row('watched'))?.notes === 'Sent by webhook', {
    timeoutMs: 20_000,
  })
  t.diagnostic(`the PATCH reached the CRM row ${Date.now() - sent} ms after it was sent`)

  watch.child.kill('SIGINT')
  const exit = await Promise.race([watch.exited, sleep(30_000, undefined, { ref: false })])
  assert.deepEqual(exit, { code: 0, signal: null }, `watch did not exit cleanly:\n${watch.stderr()}`)
  assert.match(watch.stderr(), /stopping after the pass under way/)
  await assert.rejects(webhooks.get(), (error) => error instanceof ApiError && error.status === 404)
})
