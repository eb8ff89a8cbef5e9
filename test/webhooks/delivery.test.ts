// Webhook delivery end to end: a listening cosell with delivery running, and real receivers on
// 127.0.0.1 (test/support/webhook-receiver.ts). Retry settings are small; waits are bounded.
import assert from 'node:assert/strict'
import { createVerify, X509Certificate } from 'node:crypto'
import { after, before, test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { testCause } from '../support/change-cause.js'
import { createReferral, patchReferral, replace, send } from '../support/referral-api.js'
import { tenantA, tenantB } from '../support/tokens.js'
import { startWebhookApp, type WebhookApp } from '../support/webhook-app.js'
import { startReceiver, type Received, type Receiver } from '../support/webhook-receiver.js'

const tenantC = '33333333-3333-4333-8333-333333333333'
const registrationUrl = '/webhooks/v1/registration'
let w: WebhookApp
let receiver: Receiver

before(async () => {
  w = await startWebhookApp()
  receiver = await startReceiver()
})
after(async () => {
  await w.close()
  await receiver.close()
})

/** Creates the tenant's registration, or replaces the one it has. */
async function register(tid: string, path: string, events: string[], msHeader = false) {
  const body = {
    WebhookUrl: `${receiver.url}${path}`,
    WebhookEvents: events,
    signatureTokenToMsSignatureHeader: msHeader,
  }
  let res = await send(w.app, 'POST', registrationUrl, { body, tid })
  if (res.statusCode === 409) res = await send(w.app, 'PUT', registrationUrl, { body, tid })
  assert.equal(res.statusCode, 200, res.body)
}

async function patchNotes(id: string, notes: string, tid: string): Promise<void> {
  const res = await patchReferral(w.app, id, [replace('/details/notes', notes)], {}, tid)
  assert.ok(res.statusCode < 300, res.body)
}

async function verifySignature(event: Received, signature: string): Promise<boolean> {
  const certificateUrl = String(event.headers['x-ms-certificate-url'])
  const pem = await (await fetch(certificateUrl)).text()
  const certificate = new X509Certificate(pem)
  return createVerify('RSA-SHA256')
    .update(event.body, 'utf8')
    .verify(certificate.publicKey, signature, 'base64')
}

const all = ['referral-created', 'referral-updated', 'related-referral-created', 'related-referral-updated']

test('created and updated events reach the owner, signed in Authorization or x-ms-signature as registered, verifiable with the served certificate', async () => {
  await register(tenantA, '/a', all)
  const referral = await createReferral(w.app, undefined, tenantA)
  const [created] = await receiver.waitFor(1, '/a')
  assert.deepEqual(JSON.parse(created!.body), {
    EventName: 'referral-created',
    ResourceUri: `${w.url}/v1.0/engagements/referrals/${referral.id}`,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: referral.createdDateTime,
  })
  assert.equal(created!.headers['content-type'], 'application/json')
  assert.equal(created!.headers['x-ms-signature-algorithm'], 'rsa-sha256')
  const authorization = String(created!.headers.authorization)
  assert.match(authorization, /^Signature /)
  assert.equal(await verifySignature(created!, authorization.slice('Signature '.length)), true)
  assert.equal(await verifySignature(created!, Buffer.from('forged').toString('base64')), false)

  await register(tenantA, '/a', all, true)
  await patchNotes(referral.id, 'signed', tenantA)
  const updated = (await receiver.waitFor(2, '/a'))[1]!
  assert.equal(updated.json.EventName, 'referral-updated')
  assert.equal(updated.headers.authorization, undefined)
  assert.equal(await verifySignature(updated, String(updated.headers['x-ms-signature'])), true)
  // the receiver can GET what ResourceUri names with its token
  const got = await fetch(updated.json.ResourceUri, {
    headers: { authorization: `Bearer ${tokenOf(tenantA)}` },
  })
  assert.equal(got.status, 200)
})

test('related-referral events reach the other organisations of the engagement and nobody else', async () => {
  await register(tenantB, '/b', all)
  await register(tenantC, '/c', all)
  const own = await createReferral(w.app, undefined, tenantA)
  const beforeA = (await receiver.waitFor(3, '/a')).length
  const related: Referral = { ...own, id: '0a0a0a0a-0000-4000-8000-00000000000b', organizationId: tenantB }
  await w.store.insert(related, testCause) // tenant B's referral in tenant A's engagement
  const [atB] = await receiver.waitFor(1, '/b')
  assert.equal(atB!.json.EventName, 'referral-created')
  const atA = (await receiver.waitFor(beforeA + 1, '/a')).at(-1)!
  assert.equal(atA.json.EventName, 'related-referral-created')
  assert.equal(atA.json.ResourceUri, `${w.url}/v1.0/engagements/referrals/${related.id}`)
  // tenant A may read tenant B's referral: it takes part in the engagement
  const got = await fetch(atA.json.ResourceUri, { headers: { authorization: `Bearer ${tokenOf(tenantA)}` } })
  assert.equal(got.status, 200)
  await patchNotes(own.id, 'x', tenantA)
  const relatedUpdate = (await receiver.waitFor(2, '/b'))[1]!
  assert.equal(relatedUpdate.json.EventName, 'related-referral-updated')
  // every delivery a change raises is queued in one write, so C's would be in the log by now
  const atC = await w.app.inject({ method: 'GET', url: `/_cosell/webhooks/deliveries?tenant=${tenantC}` })
  assert.deepEqual(atC.json<unknown>(), [], 'tenant C takes part in no engagement of these')
})

test('a receiver that answers 500 for a while gets every event once it recovers, in order per referral', async () => {
  let failures = 0
  receiver.answer = (r) => (r.path === '/c' && failures++ < 6 ? 500 : 200)
  const referral = await createReferral(w.app, undefined, tenantC)
  for (const note of ['one', 'two', 'three']) await patchNotes(referral.id, note, tenantC)
  const events = await receiver.waitFor(4, '/c')
  assert.deepEqual(
    events.map((e) => e.json.EventName),
    ['referral-created', 'referral-updated', 'referral-updated', 'referral-updated'],
  )
  const times = events.map((e) => e.json.ResourceChangeUtcDate)
  assert.deepEqual(times, [...times].sort())
  assert.ok(failures >= 6)
  receiver.answer = 200
})

test('a delivery is dead after its attempts, and redelivery sends it again', async () => {
  await w.close()
  w = await startWebhookApp({ retry: { baseMs: 10, maxMs: 20, maxAttempts: 3 } })
  await register(tenantA, '/dead', ['referral-created'])
  receiver.answer = (r) => (r.path === '/dead' ? 503 : 200)
  await createReferral(w.app, undefined, tenantA)
  const dead = await waitForDelivery('dead')
  assert.equal(dead.attempts, 3)
  assert.equal(dead.lastStatusCode, 503)
  receiver.answer = 200
  const again = await w.app.inject({
    method: 'POST',
    url: `/_cosell/webhooks/deliveries/${dead.id}/redeliver`,
  })
  assert.equal(again.statusCode, 200, again.body)
  await receiver.waitFor(1, '/dead')
  assert.equal((await waitForDelivery('delivered')).id, dead.id)
})

test('a hanging receiver costs the API nothing: its attempt times out, is retried, and arrives once it answers', async () => {
  await register(tenantB, '/hang', ['referral-created'])
  receiver.answer = (r) => (r.path === '/hang' ? 'hang' : 200)
  await createReferral(w.app, undefined, tenantB)
  const res = await send(w.app, 'GET', '/v1.0/engagements/referrals', { tid: tenantB })
  assert.equal(res.statusCode, 200)
  const timedOut = await waitFor(async () =>
    (await deliveries()).find((d) => d.lastError?.startsWith('no answer within') === true),
  )
  assert.equal(timedOut.status, 'pending')
  receiver.answer = 200
  await receiver.waitFor(1, '/hang')
})

test('when the virtual clock jumps forward, pending retries come due that much earlier', async () => {
  await w.close()
  w = await startWebhookApp({ retry: { baseMs: 3_600_000, maxMs: 3_600_000, maxAttempts: 5 } })
  await register(tenantA, '/clock', ['referral-created'])
  let failed = false
  receiver.answer = (r) => (r.path === '/clock' && !failed ? ((failed = true), 500) : 200)
  await createReferral(w.app, undefined, tenantA)
  const pending = await waitFor(async () => (await deliveries()).find((d) => d.attempts === 1))
  assert.equal(pending.status, 'pending')
  const moved = await w.app.inject({ method: 'POST', url: '/_cosell/clock', payload: { advance: 'PT2H' } })
  assert.equal(moved.statusCode, 200, moved.body)
  await receiver.waitFor(1, '/clock')
})

test('validation events reach the registered URL as test-created, and their state says delivered', async () => {
  await register(tenantA, '/validate', ['referral-created'])
  const res = await send(w.app, 'POST', `${registrationUrl}/validationEvents`, { tid: tenantA })
  const { correlationId } = res.json<{ correlationId: string }>()
  const [event] = await receiver.waitFor(1, '/validate')
  assert.equal(event!.json.EventName, 'test-created')
  const state = await waitFor(async () => {
    const s = (
      await send(w.app, 'GET', `${registrationUrl}/validationEvents/${correlationId}`, { tid: tenantA })
    ).json<{ status: string }>()
    return s.status === 'delivered' ? s : undefined
  })
  assert.equal(state.status, 'delivered')
})

interface DeliveryEntry {
  id: string
  status: string
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
}

async function deliveries(): Promise<DeliveryEntry[]> {
  return (await w.app.inject({ method: 'GET', url: '/_cosell/webhooks/deliveries' })).json<DeliveryEntry[]>()
}

async function waitForDelivery(status: string): Promise<DeliveryEntry> {
  return waitFor(async () => (await deliveries()).find((d) => d.status === status))
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await probe()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

function tokenOf(tid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ tid, upn: 'admin@partner.example' })}.`
}

test('in verify mode a private receiver is refused at registration, and again at send time', async () => {
  const strict = await startWebhookApp({}, { auth: 'verify', allowPrivate: false, allowedHosts: [] })
  try {
    const body = { WebhookUrl: `${receiver.url}/ssrf`, WebhookEvents: ['referral-created'] }
    const res = await send(strict.app, 'POST', registrationUrl, { body, tid: tenantA })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /privateAddress/)
    // stored behind the API's back (as if allowed when it was made): the sender still refuses it
    await strict.store.webhooks.createRegistration({
      subscriberId: tenantA,
      webhookUrl: `${receiver.url}/ssrf`,
      webhookEvents: ['referral-created'],
      msSignatureHeader: false,
      lastModified: '2026-01-01T00:00:00.0000000Z',
    })
    await createReferral(strict.app, undefined, tenantA)
    const refused = await waitFor(async () => {
      const [row] = await strict.store.webhooks.deliveries({ limit: 1 })
      return row?.lastError ? row : undefined
    })
    assert.match(String(refused.lastError), /COSELL_AUTH=verify refuses/)
    assert.equal(receiver.received.filter((r) => r.path === '/ssrf').length, 0)
  } finally {
    await strict.close()
  }
})
