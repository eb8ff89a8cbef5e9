// A row of the webhook_deliveries table as both SQL stores select it, and the delivery it holds.
import type { DeliveryStatus } from '../domain/webhook/delivery.js'
import type { WebhookEventName } from '../domain/webhook/webhook-events.js'
import type { DeliveryRow } from './webhook-store.js'

export interface DeliveryTableRow {
  id: string
  subscriber_id: string
  event_name: string
  referral_id: string | null
  body: string
  status: string
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_ms: number | null
  created_at: string
  delivered_at: string | null
}

export function deliveryOf(row: DeliveryTableRow): DeliveryRow {
  return {
    id: row.id,
    subscriberId: row.subscriber_id,
    eventName: row.event_name as WebhookEventName,
    referralId: row.referral_id,
    body: row.body,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptMs: row.next_attempt_ms,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  }
}
