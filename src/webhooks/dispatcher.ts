// Turns change records into deliveries (an outbox filled from the change log, docs/changes.md). It reads the
// feed after its stored position and, in ONE store write, inserts the deliveries those changes
// raise and moves the position past them: a kill -9 at any moment loses no event and queues none
// twice. Changes that raise no delivery move the position in memory only (no write per referral
// write when nobody listens); after a restart they are read again and again raise nothing, since
// a registration only hears of changes after the feed's last seq when it was created (sinceSeq).
import { deliveryId } from '../domain/webhook/delivery-id.js'
import { eventBody, referralUri } from '../domain/webhook/event-payload.js'
import { eventNameOf } from '../domain/webhook/webhook-events.js'
import type { ChangeRecord } from '../domain/change/change-record.js'
import type { Clock, Ids } from '../service/ports.js'
import type { ChangeFeed } from '../store/change-feed.js'
import type { ReferralStore } from '../store/referral-store.js'
import type { NewDelivery, StoredRegistration } from '../store/webhook-store.js'

export interface DispatchDeps {
  readonly store: Pick<ReferralStore, 'webhooks' | 'engagementOrganizations'>
  readonly feed: ChangeFeed
  readonly ids: Ids
  readonly wall: Clock
  /** Where receivers reach this server: the base of ResourceUri. */
  readonly baseUrl: () => string
}

/** Changes read a round. */
const batchSize = 200

export class Dispatcher {
  private position = 0
  private stored = 0
  private running: Promise<void> | undefined
  private again = false

  constructor(
    private readonly deps: DispatchDeps,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.position = this.stored = await this.deps.store.webhooks.dispatchPosition()
    if ((await this.deps.store.webhooks.registrations()).length === 0)
      this.position = await this.deps.feed.lastChange() // nobody to tell of the past
  }

  /** Reads what committed since the last round; a call while a round runs makes it run once more. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.rounds().finally(() => (this.running = undefined))
    return this.running
  }

  /** The position so far, for a clean stop (a restart then reads less again). */
  async close(): Promise<void> {
    await this.running
    if (this.position > this.stored) await this.deps.store.webhooks.queueDeliveries([], this.position)
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false
      try {
        while (await this.round());
      } catch (error) {
        this.onError(error)
      }
    } while (this.again)
  }

  /** One batch; false when the feed had nothing new. */
  private async round(): Promise<boolean> {
    const registrations = await this.deps.store.webhooks.registrations()
    if (registrations.length === 0) return false // nobody listens: the feed is not read
    // what committed while nobody listened raises nothing: a registration hears what came after
    // its sinceSeq, so the feed is read from the oldest of those (the API's writes pay nothing more)
    this.position = Math.max(this.position, Math.min(...registrations.map((r) => r.sinceSeq)))
    const changes = await this.deps.feed.changesAfter(this.position, batchSize)
    const last = changes.at(-1)
    if (!last) return false
    const deliveries: NewDelivery[] = []
    for (const change of changes) deliveries.push(...(await this.deliveriesOf(change, registrations)))
    if (deliveries.length > 0) {
      await this.deps.store.webhooks.queueDeliveries(deliveries, last.seq)
      this.stored = last.seq
    }
    this.position = last.seq
    return changes.length === batchSize
  }

  /** The owner hears referral-*, the other organisations of the engagement related-referral-*. */
  private async deliveriesOf(
    change: ChangeRecord,
    registrations: readonly StoredRegistration[],
  ): Promise<NewDelivery[]> {
    const listening = registrations.filter((r) => r.sinceSeq < change.seq)
    const own = eventNameOf(change.kind, false)
    const related = eventNameOf(change.kind, true)
    const targets = listening.filter(
      (r) => r.subscriberId === change.organizationId && r.webhookEvents.includes(own),
    )
    const relatedListeners = listening.filter(
      (r) => r.subscriberId !== change.organizationId && r.webhookEvents.includes(related),
    )
    if (relatedListeners.length > 0) {
      const others = new Set(
        await this.deps.store.engagementOrganizations(change.engagementId), // ids only: no document parsed
      )
      targets.push(...relatedListeners.filter((r) => others.has(r.subscriberId)))
    }
    const body = (name: typeof own) =>
      eventBody(name, referralUri(this.deps.baseUrl(), change.referralId), change.at)
    const now = this.deps.wall.now().getTime()
    return targets.map((r) => {
      const name = r.subscriberId === change.organizationId ? own : related
      return {
        id: deliveryId(now, this.deps.ids.uuid()),
        subscriberId: r.subscriberId,
        eventName: name,
        referralId: change.referralId,
        body: body(name),
        createdAt: change.at,
        nextAttemptMs: now,
      }
    })
  }
}
