// At-least-once across a kill -9: a real server process commits a referral (and with it its change
// record) while COSELL_WEBHOOK_PAUSE keeps delivery from reading or sending it, is killed with
// SIGKILL, and a restart without the pause delivers the event. Deterministic: the pause, not a
// race, decides that the kill falls between commit and send.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { partnerLedCreate } from '../support/fixtures.js'
import { killHard, startServer, stopAll } from '../support/server-process.js'
import { authHeader, tenantA } from '../support/tokens.js'
import { startReceiver, type Receiver } from '../support/webhook-receiver.js'

const root = mkdtempSync(join(tmpdir(), 'cosell-webhook-kill-'))
let receiver: Receiver
before(async () => (receiver = await startReceiver()))
after(async () => {
  await stopAll()
  await receiver.close()
  rmSync(root, { recursive: true, force: true })
})

async function call(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...authHeader(tenantA), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

for (const pause of ['dispatch', 'send'] as const) {
  test(`an event committed but not yet ${pause === 'dispatch' ? 'queued' : 'sent'} when the server is killed (-9) is delivered after a restart`, async () => {
    const dataDir = join(root, pause)
    const path = `/${pause}`
    const first = await startServer(dataDir, { COSELL_WEBHOOK_PAUSE: pause })
    const registered = await call(first.url, 'POST', '/webhooks/v1/registration', {
      WebhookUrl: `${receiver.url}${path}`,
      WebhookEvents: ['referral-created'],
    })
    assert.equal(registered.status, 200, await registered.text())
    const created = await call(first.url, 'POST', '/v1.0/engagements/referrals', partnerLedCreate())
    assert.equal(created.status, 200)
    const { id } = (await created.json()) as { id: string }
    await killHard(first)
    assert.equal(
      receiver.received.filter((r) => r.path === path).length,
      0,
      'nothing was sent before the kill',
    )

    const second = await startServer(dataDir)
    const [event] = await receiver.waitFor(1, path, 60_000)
    assert.equal(event!.json.EventName, 'referral-created')
    assert.ok(event!.json.ResourceUri.endsWith(`/v1.0/engagements/referrals/${id}`))
    await killHard(second)
    assert.equal(receiver.received.filter((r) => r.path === path).length, 1, 'delivered once')
  })
}
