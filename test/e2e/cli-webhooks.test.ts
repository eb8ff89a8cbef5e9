// `cosell webhooks …` as a user runs it: real server, real CLI, a receiver on 127.0.0.1.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { cliServer } from '../support/cli-server.js'
import { startReceiver, type Receiver } from '../support/webhook-receiver.js'

const { cosell } = cliServer('cli-webhooks')
let receiver: Receiver
before(async () => (receiver = await startReceiver()))
after(() => receiver.close())

test('register, show, test, deliveries, redeliver and delete a webhook from the command line', async () => {
  const registered = JSON.parse(
    await cosell('webhooks', 'register', `${receiver.url}/cli`, '--events', 'referral-created', '--json'),
  ) as {
    WebhookEvents: string[]
  }
  assert.deepEqual(registered.WebhookEvents, ['referral-created'])
  const again = JSON.parse(
    await cosell('webhooks', 'register', `${receiver.url}/cli`, '--ms-signature-header', '--json'),
  ) as {
    signatureTokenToMsSignatureHeader: boolean
  }
  assert.equal(again.signatureTokenToMsSignatureHeader, true) // a second register replaces the first
  assert.equal(
    (JSON.parse(await cosell('webhooks', 'show', '--json')) as { WebhookUrl: string }).WebhookUrl,
    `${receiver.url}/cli`,
  )
  const correlationId = (await cosell('webhooks', 'test')).trim() // the id alone, for $(…)
  const [event] = await receiver.waitFor(1, '/cli', 60_000)
  assert.equal(event!.json.EventName, 'test-created')
  assert.ok(typeof event!.headers['x-ms-signature'] === 'string')
  const deliveries = JSON.parse(await cosell('webhooks', 'deliveries', '--json')) as { id: string }[]
  assert.equal(deliveries[0]!.id, correlationId)
  assert.match(await cosell('webhooks', 'deliveries'), /test-created/)
  const redelivered = JSON.parse(await cosell('webhooks', 'redeliver', correlationId, '--json')) as {
    status: string
  }
  assert.equal(redelivered.status, 'pending')
  await receiver.waitFor(2, '/cli', 60_000)
  await cosell('webhooks', 'delete')
  await assert.rejects(cosell('webhooks', 'show'), /404|no webhook registration/)
})
