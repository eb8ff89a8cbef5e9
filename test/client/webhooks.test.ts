// The SDK's webhook methods (client/webhooks.ts and AdminApi's) against a listening server with
// delivery running and a receiver on 127.0.0.1.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { AdminApi, ApiError, HttpClient, WebhooksApi } from '../../src/client/index.js'
import { createReferral } from '../support/referral-api.js'
import { tenantA, token } from '../support/tokens.js'
import { startWebhookApp, type WebhookApp } from '../support/webhook-app.js'
import { startReceiver, type Receiver } from '../support/webhook-receiver.js'

let w: WebhookApp
let receiver: Receiver
let webhooks: WebhooksApi
let admin: AdminApi
before(async () => {
  w = await startWebhookApp({ retry: { baseMs: 10, maxMs: 20, maxAttempts: 2 } })
  receiver = await startReceiver()
  webhooks = new WebhooksApi(
    new HttpClient({ baseUrl: w.url, token: () => token({ tid: tenantA }), retry: false }),
  )
  admin = new AdminApi(new HttpClient({ baseUrl: w.url, retry: false }))
})
after(async () => {
  await w.close()
  await receiver.close()
})

test('the SDK creates, reads and updates the registration, and a second create is an ApiError 409', async () => {
  const created = await webhooks.create({
    WebhookUrl: `${receiver.url}/sdk`,
    WebhookEvents: ['referral-created'],
  })
  assert.equal(created.SubscriberId, tenantA)
  await assert.rejects(
    webhooks.create({ WebhookUrl: `${receiver.url}/sdk`, WebhookEvents: ['referral-created'] }),
    (error: unknown) => error instanceof ApiError && error.status === 409,
  )
  const updated = await webhooks.update({
    WebhookUrl: `${receiver.url}/sdk`,
    WebhookEvents: ['referral-created', 'referral-updated'],
    signatureTokenToMsSignatureHeader: true,
  })
  assert.deepEqual((await webhooks.get()).WebhookEvents, updated.WebhookEvents)
  assert.ok((await webhooks.events()).includes('related-referral-updated'))
})

test('the SDK sends a validation event, lists deliveries for the tenant and the admin, and redelivers a dead one', async () => {
  const correlationId = await webhooks.sendValidationEvent()
  await receiver.waitFor(1, '/sdk')
  assert.equal((await webhooks.validationEvent(correlationId)).eventName, 'test-created')
  receiver.answer = 500
  await createReferral(w.app, undefined, tenantA)
  let dead = await admin.webhookDeliveries({ tenant: tenantA, status: 'dead' })
  for (let i = 0; i < 300 && dead.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25))
    dead = await admin.webhookDeliveries({ tenant: tenantA, status: 'dead' })
  }
  assert.equal(dead.length, 1)
  receiver.answer = 200
  assert.equal((await admin.redeliverWebhook(dead[0]!.id)).status, 'pending')
  await receiver.waitFor(2, '/sdk')
  assert.ok((await webhooks.deliveries()).some((d) => d.eventName === 'referral-created'))
  assert.equal((await admin.webhookRegistrations()).length, 1)
  await webhooks.delete()
  await assert.rejects(webhooks.get(), (error: unknown) => error instanceof ApiError && error.status === 404)
})
