// The delivery log keeps a registration's newest finished deliveries and lets older ones go, so
// the outbox does not grow with every event ever sent; pending deliveries are never pruned.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { keptFinished } from '../../src/store/webhook-store.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { connection } from './store-referrals.js'

test('finished deliveries beyond the kept number are pruned, oldest first, and pending ones stay', async () => {
  const store = SqliteReferralStore.open(':memory:')
  try {
    const total = keptFinished + 500
    const ids = Array.from({ length: total }, (_, i) => `d${String(i).padStart(6, '0')}`)
    const delivery = (id: string) => ({
      id,
      subscriberId: 'tenant-a',
      eventName: 'referral-updated' as const,
      referralId: null,
      body: '{}',
      createdAt: '2026-03-01T10:00:00.0000000Z',
      nextAttemptMs: 0,
    })
    await store.webhooks.queueDeliveries(ids.map(delivery), 1)
    await store.webhooks.queueDelivery({ ...delivery('pending-one'), subscriberId: 'tenant-a' })
    await store.webhooks.queueDelivery({ ...delivery('other-tenant'), subscriberId: 'tenant-b' })
    const finish = (id: string) =>
      store.webhooks.recordAttempt({
        id,
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptMs: null,
        deliveredAt: '2026-03-01T10:00:01.0000000Z',
      })
    for (let i = 0; i < total; i += 250) await Promise.all(ids.slice(i, i + 250).map(finish))
    await finish('other-tenant')
    const count = (sql: string) => connection(store).prepare(sql).pluck().get() as number
    const finished = count(
      "SELECT count(*) FROM webhook_deliveries WHERE subscriber_id = 'tenant-a' AND status != 'pending'",
    )
    assert.ok(finished < total, 'some were pruned')
    assert.ok(finished >= keptFinished, `the newest ${keptFinished} are kept (${finished})`)
    assert.ok(await store.webhooks.delivery(ids.at(-1)!), 'the newest is kept')
    assert.equal(await store.webhooks.delivery(ids[0]!), undefined, 'the oldest went')
    assert.ok(await store.webhooks.delivery('pending-one'), 'a pending delivery is never pruned')
    assert.ok(await store.webhooks.delivery('other-tenant'), "another registration's log is its own")
  } finally {
    await store.close()
  }
})
