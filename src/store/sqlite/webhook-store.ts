// Webhook registrations and the delivery outbox in SQLite (migration 10). Every write goes through
// the store's write batch, so it shares commits with referral writes and waits, like them, while a
// reset or snapshot operation holds the data.
import type { Database } from 'better-sqlite3'
import type { WebhookEventName } from '../../domain/webhook/webhook-events.js'
import { deliveryOf, type DeliveryTableRow } from '../delivery-row.js'
import {
  keptFinished,
  pruneBatch,
  pruneEvery,
  type AttemptRecord,
  type DeliveryFilter,
  type DeliveryRow,
  type NewDelivery,
  type RegistrationWrite,
  type StoredRegistration,
  type WebhookStore,
} from '../webhook-store.js'
import { heldWriteError } from './snapshot-errors.js'
import type { WriteBatch } from './write-batch.js'
import { WebhookSignals } from '../webhook-signals.js'

export interface RegistrationRow {
  subscriber_id: string
  webhook_url: string
  webhook_events: string
  ms_signature_header: number
  since_seq: number
  last_modified: string
}

/** A pending delivery is first in line when no earlier pending one has its registration and referral. */
const firstInLine = `NOT EXISTS (SELECT 1 FROM webhook_deliveries e
  WHERE e.status = 'pending' AND e.subscriber_id = d.subscriber_id AND e.referral_id = d.referral_id AND e.seq < d.seq)`

export class SqliteWebhookStore extends WebhookSignals implements WebhookStore {
  private readonly statements
  private finished = 0

  constructor(
    db: Database,
    private readonly writes: WriteBatch,
  ) {
    super()
    this.statements = {
      registration: db.prepare('SELECT * FROM webhook_registrations WHERE subscriber_id = ?'),
      registrations: db.prepare('SELECT * FROM webhook_registrations ORDER BY subscriber_id'),
      createRegistration: db.prepare(
        `INSERT INTO webhook_registrations (subscriber_id, webhook_url, webhook_events, ms_signature_header, since_seq, last_modified)
         VALUES (@subscriber_id, @webhook_url, @webhook_events, @ms_signature_header,
           coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0), @last_modified)
         ON CONFLICT (subscriber_id) DO NOTHING`,
      ),
      updateRegistration: db.prepare(
        `UPDATE webhook_registrations SET webhook_url = @webhook_url, webhook_events = @webhook_events,
           ms_signature_header = @ms_signature_header, last_modified = @last_modified WHERE subscriber_id = @subscriber_id`,
      ),
      deleteRegistration: db.prepare('DELETE FROM webhook_registrations WHERE subscriber_id = ?'),
      killPending: db.prepare(
        `UPDATE webhook_deliveries SET status = 'dead', last_error = ?, next_attempt_ms = NULL
         WHERE subscriber_id = ? AND status = 'pending'`,
      ),
      position: db.prepare('SELECT position FROM webhook_dispatch WHERE id = 1').pluck(),
      setPosition: db.prepare(
        'INSERT INTO webhook_dispatch (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
      ),
      insertDelivery: db.prepare(
        `INSERT INTO webhook_deliveries (id, subscriber_id, event_name, referral_id, body, status, next_attempt_ms, created_at)
         VALUES (@id, @subscriberId, @eventName, @referralId, @body, 'pending', @nextAttemptMs, @createdAt)`,
      ),
      due: db.prepare(
        `SELECT * FROM webhook_deliveries d WHERE status = 'pending' AND next_attempt_ms <= ? AND ${firstInLine}
         ORDER BY next_attempt_ms, seq LIMIT ?`,
      ),
      nextDue: db
        .prepare(
          `SELECT min(next_attempt_ms) FROM webhook_deliveries d WHERE status = 'pending' AND ${firstInLine}
           AND d.id NOT IN (SELECT value FROM json_each(?))`,
        )
        .pluck(),
      recordAttempt: db.prepare(
        `UPDATE webhook_deliveries SET status = @status, attempts = @attempts, last_status_code = @lastStatusCode,
           last_error = @lastError, next_attempt_ms = @nextAttemptMs, delivered_at = @deliveredAt
         WHERE id = @id AND status = 'pending'`,
      ),
      prune: db.prepare(
        `DELETE FROM webhook_deliveries WHERE seq IN (
           SELECT seq FROM webhook_deliveries
           WHERE subscriber_id = (SELECT subscriber_id FROM webhook_deliveries WHERE id = ?) AND status != 'pending'
           ORDER BY seq DESC LIMIT ${pruneBatch} OFFSET ${keptFinished})`,
      ),
      advance: db.prepare(
        "UPDATE webhook_deliveries SET next_attempt_ms = next_attempt_ms - ? WHERE status = 'pending'",
      ),
      delivery: db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?'),
      deliveries: db.prepare(
        `SELECT * FROM webhook_deliveries WHERE (@subscriberId IS NULL OR subscriber_id = @subscriberId)
           AND (@status IS NULL OR status = @status) ORDER BY seq DESC LIMIT @limit`,
      ),
      requeue: db.prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_ms = ?, delivered_at = NULL
         WHERE id = ? AND status <> 'pending'`,
      ),
    }
  }

  registration(subscriberId: string): Promise<StoredRegistration | undefined> {
    const row = this.statements.registration.get(subscriberId) as RegistrationRow | undefined
    return Promise.resolve(row && registrationOf(row))
  }

  registrations(): Promise<StoredRegistration[]> {
    return Promise.resolve((this.statements.registrations.all() as RegistrationRow[]).map(registrationOf))
  }

  async createRegistration(registration: RegistrationWrite): Promise<'created' | 'exists'> {
    const { changes } = await this.write(() => this.statements.createRegistration.run(rowOf(registration)))
    return this.registrationWritten(changes === 1, changes === 1 ? 'created' : 'exists')
  }

  async updateRegistration(registration: RegistrationWrite): Promise<'updated' | 'missing'> {
    const { changes } = await this.write(() => this.statements.updateRegistration.run(rowOf(registration)))
    return this.registrationWritten(changes === 1, changes === 1 ? 'updated' : 'missing')
  }

  async deleteRegistration(subscriberId: string, reason: string): Promise<boolean> {
    const deleted = await this.write(() => {
      this.statements.killPending.run(reason, subscriberId)
      return this.statements.deleteRegistration.run(subscriberId).changes === 1
    })
    return this.registrationWritten(deleted, deleted)
  }

  dispatchPosition(): Promise<number> {
    return Promise.resolve((this.statements.position.get() as number | undefined) ?? 0)
  }

  async queueDeliveries(deliveries: readonly NewDelivery[], position: number): Promise<void> {
    await this.write(() => {
      for (const delivery of deliveries) this.statements.insertDelivery.run(delivery)
      this.statements.setPosition.run(position)
    })
    if (deliveries.length > 0) this.queued.fire()
  }

  async queueDelivery(delivery: NewDelivery): Promise<void> {
    await this.write(() => this.statements.insertDelivery.run(delivery))
    this.queued.fire()
  }

  dueDeliveries(nowMs: number, limit: number): Promise<DeliveryRow[]> {
    return Promise.resolve((this.statements.due.all(nowMs, limit) as DeliveryTableRow[]).map(deliveryOf))
  }

  nextDueMs(except: readonly string[]): Promise<number | undefined> {
    const next = this.statements.nextDue.get(JSON.stringify(except)) as number | null
    return Promise.resolve(next ?? undefined)
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    const prune = record.status !== 'pending' && ++this.finished % pruneEvery === 0
    await this.write(() => {
      this.statements.recordAttempt.run(record)
      if (prune) this.statements.prune.run(record.id)
    })
  }

  async advancePending(ms: number): Promise<void> {
    await this.write(() => this.statements.advance.run(ms))
  }

  delivery(id: string, subscriberId?: string): Promise<DeliveryRow | undefined> {
    const row = this.statements.delivery.get(id) as DeliveryTableRow | undefined
    const found = row && (subscriberId === undefined || row.subscriber_id === subscriberId) ? row : undefined
    return Promise.resolve(found && deliveryOf(found))
  }

  deliveries(filter: DeliveryFilter): Promise<DeliveryRow[]> {
    const rows = this.statements.deliveries.all({
      subscriberId: filter.subscriberId ?? null,
      status: filter.status ?? null,
      limit: filter.limit,
    }) as DeliveryTableRow[]
    return Promise.resolve(rows.map(deliveryOf))
  }

  async requeue(id: string, nowMs: number): Promise<boolean> {
    const { changes } = await this.write(() => this.statements.requeue.run(nowMs, id))
    if (changes === 1) this.queued.fire()
    return changes === 1
  }

  private write<T>(work: () => T): Promise<T> {
    return this.writes.run(work).catch((error: unknown) => {
      throw heldWriteError(error)
    })
  }
}

function rowOf(r: RegistrationWrite) {
  return {
    subscriber_id: r.subscriberId,
    webhook_url: r.webhookUrl,
    webhook_events: JSON.stringify(r.webhookEvents),
    ms_signature_header: r.msSignatureHeader ? 1 : 0,
    last_modified: r.lastModified,
  }
}

function registrationOf(row: RegistrationRow): StoredRegistration {
  return {
    subscriberId: row.subscriber_id,
    webhookUrl: row.webhook_url,
    webhookEvents: JSON.parse(row.webhook_events) as WebhookEventName[],
    msSignatureHeader: row.ms_signature_header === 1,
    sinceSeq: row.since_seq,
    lastModified: row.last_modified,
  }
}
