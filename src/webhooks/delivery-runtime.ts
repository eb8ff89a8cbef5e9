// Webhook delivery beside a running server: the dispatcher fills the outbox from the change feed,
// the sender empties it. Both wake when something commits in this process and look again on a
// slow poll (another process may have written). A jump of the virtual clock brings every pending
// retry forward by as much, so letting 14 days pass also lets the retries of 14 days happen.
import type { Clock, Ids } from '../service/ports.js'
import type { ChangeFeed } from '../store/change-feed.js'
import type { ReferralStore } from '../store/referral-store.js'
import { Dispatcher } from './dispatcher.js'
import { GatheredWake } from './gathered-wake.js'
import type { Receivers } from './receiver-policy.js'
import { Sender, type SenderSettings } from './sender.js'
import { signingIdentity } from './signing-identity.js'

/** A debugging stop: `dispatch` leaves changes unread, `send` leaves deliveries queued. */
export type DeliveryPause = 'none' | 'dispatch' | 'send'

export interface DeliverySettings extends SenderSettings {
  readonly pause: DeliveryPause
  /** How often (wall time) the feed and the outbox are looked at without being woken. */
  readonly pollMs: number
}

export interface DeliveryDeps {
  readonly store: ReferralStore
  readonly feed: ChangeFeed
  readonly clock: Clock & { onJump?(listener: (movedMs: number) => void): () => void }
  readonly wall: Clock
  readonly ids: Ids
  readonly receivers: Receivers
  /** Where receivers reach this server (COSELL_PUBLIC_URL or the listening address). */
  readonly baseUrl: () => string
  readonly onError: (error: unknown) => void
}

export interface WebhookDelivery {
  /** Runs the dispatcher and the sender once now (tests). */
  wake(): void
  /** Runs the dispatcher (another server's commits: `feed`) or the sender (its queued deliveries:
   *  `outbox`) at the end of the gathering window. */
  heard(what: 'feed' | 'outbox'): void
  close(): Promise<void>
}

export const certificatePath = '/webhooks/v1/certificate'

/**
 * How long the commits that wake the dispatcher, and the other servers' announcements, are
 * gathered into one round: a round costs a statement even when no registration listens.
 */
const gatherMs = 20

export async function startWebhookDelivery(
  deps: DeliveryDeps,
  settings: DeliverySettings,
): Promise<WebhookDelivery> {
  const dispatcher = new Dispatcher(deps, deps.onError)
  const sender = new Sender(
    {
      store: deps.store,
      clock: deps.clock,
      wall: deps.wall,
      receivers: deps.receivers,
      identity: () => signingIdentity(deps.store),
      certificateUrl: () => `${deps.baseUrl().replace(/\/+$/, '')}${certificatePath}`,
    },
    settings,
    deps.onError,
  )
  await dispatcher.start()
  await signingIdentity(deps.store) // made now, not at the first event
  const dispatching = settings.pause !== 'dispatch'
  const sending = settings.pause !== 'send'
  const dispatch = () => void (dispatching ? dispatcher.wake() : undefined)
  const send = () => (sending ? sender.wake() : undefined)
  const dispatchSoon = new GatheredWake(gatherMs, dispatch)
  const sendSoon = new GatheredWake(gatherMs, send)
  const stops = [
    deps.feed.onCommitted(() => dispatchSoon.soon()),
    deps.store.webhooks.onQueued(send),
    deps.clock.onJump?.((movedMs) => {
      deps.store.webhooks.advancePending(movedMs).then(send, deps.onError)
    }) ?? (() => {}),
  ]
  const poll = setInterval(() => {
    dispatch()
    send()
  }, settings.pollMs)
  poll.unref()
  dispatch()
  send()
  return {
    wake: () => {
      dispatch()
      send()
    },
    heard: (what) => (what === 'feed' ? dispatchSoon : sendSoon).soon(),
    close: async () => {
      clearInterval(poll)
      dispatchSoon.cancel()
      sendSoon.cancel()
      for (const stop of stops) stop()
      await sender.close()
      await dispatcher.close().catch(deps.onError)
    },
  }
}
