// Webhook registrations and the delivery outbox in PostgreSQL (migration 1), as the embedded store
// keeps them (see its webhook-store.ts for the rules). Deliveries are keyed by registration first
// (distributable by subscriber on Citus); the dispatch position is one row.
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
import { lastChangeSql } from './change-log.js'
import type { PostgresDatabase, Queryable } from './database.js'
import { WebhookSignals } from '../webhook-signals.js'

interface RegistrationRow {
  subscriber_id: string
  webhook_url: string
  webhook_events: WebhookEventName[]
  ms_signature_header: boolean
  since_seq: number
  last_modified: string
}

const firstInLine = `NOT EXISTS (SELECT 1 FROM webhook_deliveries e
  WHERE e.status = 'pending' AND e.subscriber_id = d.subscriber_id AND e.referral_id = d.referral_id AND e.seq < d.seq)`

export class PostgresWebhookStore extends WebhookSignals implements WebhookStore {
  private finished = 0

  constructor(private readonly db: PostgresDatabase) {
    super()
  }

  async registration(subscriberId: string): Promise<StoredRegistration | undefined> {
    const row = await this.db.row<RegistrationRow>(
      'SELECT * FROM webhook_registrations WHERE subscriber_id = $1',
      [subscriberId],
    )
    return row && registrationOf(row)
  }

  async registrations(): Promise<StoredRegistration[]> {
    const rows = await this.db.rows<RegistrationRow>(
      'SELECT * FROM webhook_registrations ORDER BY subscriber_id',
    )
    return rows.map(registrationOf)
  }

  async createRegistration(r: RegistrationWrite): Promise<'created' | 'exists'> {
    // The feed's position is read first, not in a subquery of the INSERT: Citus routes an INSERT
    // into a distributed table only when its VALUES hold no subquery.
    const since = await this.db.row<{ last: number }>(lastChangeSql)
    const created = await this.db.run(
      `INSERT INTO webhook_registrations (subscriber_id, webhook_url, webhook_events, ms_signature_header, since_seq, last_modified)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subscriber_id) DO NOTHING`,
      [
        r.subscriberId,
        r.webhookUrl,
        JSON.stringify(r.webhookEvents),
        r.msSignatureHeader,
        since?.last ?? 0,
        r.lastModified,
      ],
    )
    return this.registrationWritten(created === 1, created === 1 ? 'created' : 'exists')
  }

  async updateRegistration(r: RegistrationWrite): Promise<'updated' | 'missing'> {
    const updated = await this.db.run(
      `UPDATE webhook_registrations SET webhook_url = $2, webhook_events = $3, ms_signature_header = $4, last_modified = $5
       WHERE subscriber_id = $1`,
      [r.subscriberId, r.webhookUrl, JSON.stringify(r.webhookEvents), r.msSignatureHeader, r.lastModified],
    )
    return this.registrationWritten(updated === 1, updated === 1 ? 'updated' : 'missing')
  }

  async deleteRegistration(subscriberId: string, reason: string): Promise<boolean> {
    const deleted = await this.db.transaction(async (tx) => {
      await tx.run(
        `UPDATE webhook_deliveries SET status = 'dead', last_error = $1, next_attempt_ms = NULL
         WHERE subscriber_id = $2 AND status = 'pending'`,
        [reason, subscriberId],
      )
      return (
        (await tx.run('DELETE FROM webhook_registrations WHERE subscriber_id = $1', [subscriberId])) === 1
      )
    })
    return this.registrationWritten(deleted, deleted)
  }

  async dispatchPosition(): Promise<number> {
    return (
      (await this.db.row<{ position: number }>('SELECT position FROM webhook_dispatch WHERE id = 1'))
        ?.position ?? 0
    )
  }

  async queueDeliveries(deliveries: readonly NewDelivery[], position: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const delivery of deliveries) await insertDelivery(tx, delivery)
      await tx.run(
        'INSERT INTO webhook_dispatch (id, position) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
        [position],
      )
    })
    if (deliveries.length > 0) this.queued.fire()
  }

  async queueDelivery(delivery: NewDelivery): Promise<void> {
    await insertDelivery(this.db, delivery)
    this.queued.fire()
  }

  async dueDeliveries(nowMs: number, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.db.rows<DeliveryTableRow>(
      `SELECT * FROM webhook_deliveries d WHERE status = 'pending' AND next_attempt_ms <= $1 AND ${firstInLine}
       ORDER BY next_attempt_ms, seq LIMIT $2`,
      [nowMs, limit],
    )
    return rows.map(deliveryOf)
  }

  async nextDueMs(except: readonly string[]): Promise<number | undefined> {
    const row = await this.db.row<{ next: number | null }>(
      `SELECT min(next_attempt_ms) AS next FROM webhook_deliveries d WHERE status = 'pending' AND ${firstInLine}
       AND NOT (d.id = ANY($1))`,
      [except],
    )
    return row?.next ?? undefined
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    const prune = record.status !== 'pending' && ++this.finished % pruneEvery === 0
    await this.db.transaction(async (tx) => {
      await tx.run(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, last_error = $5,
           next_attempt_ms = $6, delivered_at = $7
         WHERE id = $1 AND status = 'pending'`,
        [
          record.id,
          record.status,
          record.attempts,
          record.lastStatusCode,
          record.lastError,
          record.nextAttemptMs,
          record.deliveredAt,
        ],
      )
      if (prune)
        await tx.run(
          `DELETE FROM webhook_deliveries WHERE (subscriber_id, seq) IN (
             SELECT subscriber_id, seq FROM webhook_deliveries
             WHERE subscriber_id = (SELECT subscriber_id FROM webhook_deliveries WHERE id = $1) AND status <> 'pending'
             ORDER BY seq DESC LIMIT ${pruneBatch} OFFSET ${keptFinished})`,
          [record.id],
        )
    })
  }

  async advancePending(ms: number): Promise<void> {
    await this.db.run(
      "UPDATE webhook_deliveries SET next_attempt_ms = next_attempt_ms - $1 WHERE status = 'pending'",
      [ms],
    )
  }

  async delivery(id: string, subscriberId?: string): Promise<DeliveryRow | undefined> {
    const row = await (subscriberId === undefined
      ? this.db.row<DeliveryTableRow>('SELECT * FROM webhook_deliveries WHERE id = $1', [id])
      : this.db.row<DeliveryTableRow>(
          'SELECT * FROM webhook_deliveries WHERE subscriber_id = $1 AND id = $2',
          [subscriberId, id],
        ))
    return row && deliveryOf(row)
  }

  /** A tenant's log names the subscriber as a plain condition, which a distributed database routes on. */
  async deliveries(filter: DeliveryFilter): Promise<DeliveryRow[]> {
    const params: unknown[] = []
    const conditions: string[] = []
    const add = (condition: string, value: unknown) => {
      params.push(value)
      conditions.push(`${condition} = $${params.length}`)
    }
    if (filter.subscriberId !== undefined) add('subscriber_id', filter.subscriberId)
    if (filter.status !== undefined) add('status', filter.status)
    params.push(filter.limit)
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')} `
    const rows = await this.db.rows<DeliveryTableRow>(
      `SELECT * FROM webhook_deliveries ${where}ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    )
    return rows.map(deliveryOf)
  }

  async requeue(id: string, nowMs: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_ms = $1, delivered_at = NULL
       WHERE id = $2 AND status <> 'pending'`,
      [nowMs, id],
    )
    if (changed === 1) this.queued.fire()
    return changed === 1
  }
}

function insertDelivery(target: Queryable, d: NewDelivery): Promise<number> {
  return target.run(
    `INSERT INTO webhook_deliveries (id, subscriber_id, event_name, referral_id, body, status, next_attempt_ms, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
    [d.id, d.subscriberId, d.eventName, d.referralId, d.body, d.nextAttemptMs, d.createdAt],
  )
}

function registrationOf(row: RegistrationRow): StoredRegistration {
  return {
    subscriberId: row.subscriber_id,
    webhookUrl: row.webhook_url,
    webhookEvents: row.webhook_events,
    msSignatureHeader: row.ms_signature_header,
    sinceSeq: row.since_seq,
    lastModified: row.last_modified,
  }
}
