// A listening cosell app with webhook delivery running, on a private in-memory store, the virtual
// clock over wall time (retries follow real time) and small retry settings.
import type { FastifyInstance } from 'fastify'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import { buildApp } from '../../src/http/app.js'
import { randomIds } from '../../src/service/ids.js'
import { systemClock } from '../../src/service/ports.js'
import { VirtualClock } from '../../src/service/virtual-clock.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import {
  startWebhookDelivery,
  type DeliverySettings,
  type WebhookDelivery,
} from '../../src/webhooks/delivery-runtime.js'
import { Receivers, type ReceiverRules } from '../../src/webhooks/receiver-policy.js'

export interface WebhookApp {
  readonly app: FastifyInstance
  readonly store: SqliteReferralStore
  readonly clock: VirtualClock
  readonly url: string
  readonly delivery: WebhookDelivery
  readonly errors: unknown[]
  close(): Promise<void>
}

export const quickDelivery: DeliverySettings = {
  retry: { baseMs: 30, maxMs: 200, maxAttempts: 50 },
  timeoutMs: 1000,
  concurrency: 4,
  pause: 'none',
  pollMs: 100,
}

export async function startWebhookApp(
  settings: Partial<DeliverySettings> = {},
  rules: ReceiverRules = { auth: 'emulator', allowPrivate: false, allowedHosts: [] },
): Promise<WebhookApp> {
  const store = SqliteReferralStore.open(':memory:')
  const clock = await VirtualClock.load(store, systemClock)
  const receivers = new Receivers(rules)
  const deps = { store, clock, ids: randomIds, rules: defaultRuleOptions }
  const app = await buildApp(deps, { publicUrl: null, createStatus: 200, logLevel: 'silent', receivers })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const errors: unknown[] = []
  const delivery = await startWebhookDelivery(
    {
      store,
      feed: store,
      clock,
      wall: systemClock,
      ids: randomIds,
      receivers,
      baseUrl: () => url,
      onError: (error) => errors.push(error),
    },
    { ...quickDelivery, ...settings },
  )
  return {
    app,
    store,
    clock,
    url,
    delivery,
    errors,
    close: async () => {
      await delivery.close()
      await app.close()
      await store.close()
    },
  }
}
