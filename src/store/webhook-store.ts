// The storage port of webhooks: registrations (one per tenant), the outbox of deliveries, and the
// dispatcher's position in the change feed. Not sandbox data: a reset or a snapshot restore keeps
// all of it (the partner's registration is configuration, like its signing certificate).
import type { DeliveryStatus } from '../domain/webhook/delivery.js'
import type { WebhookEventName } from '../domain/webhook/webhook-events.js'

export interface StoredRegistration {
  readonly subscriberId: string
  readonly webhookUrl: string
  readonly webhookEvents: readonly WebhookEventName[]
  readonly msSignatureHeader: boolean
  /** Changes with a greater seq are delivered to it: the feed's last seq when it was created. */
  readonly sinceSeq: number
  readonly lastModified: string
}

export type RegistrationWrite = Omit<StoredRegistration, 'sinceSeq'>

export interface NewDelivery {
  readonly id: string
  readonly subscriberId: string
  readonly eventName: WebhookEventName
  /** null for a validation event. */
  readonly referralId: string | null
  readonly body: string
  readonly createdAt: string
  /** Wall time (ms) of the first attempt. */
  readonly nextAttemptMs: number
}

export interface DeliveryRow extends Omit<NewDelivery, 'nextAttemptMs'> {
  /** Wall time (ms) of the next attempt; null unless pending. */
  readonly nextAttemptMs: number | null
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly lastStatusCode: number | null
  readonly lastError: string | null
  readonly deliveredAt: string | null
}

/** What one attempt came to: delivered, or failed and due again at `nextAttemptMs`, or dead. */
export interface AttemptRecord {
  readonly id: string
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly lastStatusCode: number | null
  readonly lastError: string | null
  readonly nextAttemptMs: number | null
  readonly deliveredAt: string | null
}

export interface DeliveryFilter {
  readonly subscriberId?: string
  readonly status?: DeliveryStatus
  readonly limit: number
}

/**
 * Finished deliveries (delivered or dead) kept a registration: the log shows the newest of them,
 * and older ones go, so the table does not grow with every event ever sent.
 */
export const keptFinished = 10_000
/** Every so many finished attempts, the registration's oldest finished rows beyond the kept go, this many at most. */
export const pruneEvery = 50
export const pruneBatch = 200

export interface WebhookStore {
  registration(subscriberId: string): Promise<StoredRegistration | undefined>
  registrations(): Promise<StoredRegistration[]>
  /** Creates one; 'exists' when the tenant has one already (nothing written). */
  createRegistration(registration: RegistrationWrite): Promise<'created' | 'exists'>
  /** Replaces the tenant's one; 'missing' when it has none. */
  updateRegistration(registration: RegistrationWrite): Promise<'updated' | 'missing'>
  /** Deletes it; its pending deliveries become dead with `reason`. False when there was none. */
  deleteRegistration(subscriberId: string, reason: string): Promise<boolean>

  /** The last change seq the dispatcher handled (0 at first). */
  dispatchPosition(): Promise<number>
  /** Inserts the deliveries and moves the position to `position`, in one commit. */
  queueDeliveries(deliveries: readonly NewDelivery[], position: number): Promise<void>
  /** Inserts one delivery that comes from no change (a validation event). */
  queueDelivery(delivery: NewDelivery): Promise<void>

  /** Pending deliveries due at `nowMs` that are first in line for their referral and registration. */
  dueDeliveries(nowMs: number, limit: number): Promise<DeliveryRow[]>
  /** The earliest next attempt among deliveries first in line, `except` those; undefined when none is pending. */
  nextDueMs(except: readonly string[]): Promise<number | undefined>
  recordAttempt(record: AttemptRecord): Promise<void>
  /** Moves every pending delivery's next attempt `ms` earlier (the virtual clock jumped forward). */
  advancePending(ms: number): Promise<void>

  /** The delivery `id`; with `subscriberId`, only when it is that subscriber's. */
  delivery(id: string, subscriberId?: string): Promise<DeliveryRow | undefined>
  /** Newest first. */
  deliveries(filter: DeliveryFilter): Promise<DeliveryRow[]>
  /** Makes a delivered or dead delivery pending again, due at `nowMs`, with its attempts reset. */
  requeue(id: string, nowMs: number): Promise<boolean>
  /** Calls `listener` after deliveries were queued or requeued in this process. */
  onQueued(listener: () => void): () => void
  /** Calls `listener` after a registration was created, changed or deleted in this process. */
  onRegistrationsChanged(listener: () => void): () => void
}
