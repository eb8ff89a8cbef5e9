// A delivery as the delivery log shows it: times on the virtual clock, the payload parsed.
import type { Delivery } from '../../domain/webhook/delivery.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import type { DeliveryRow } from '../../store/referral-store.js'
import type { WebhookDeps } from './webhook-deps.js'

export function deliveryView(deps: Pick<WebhookDeps, 'clock' | 'wall'>, row: DeliveryRow): Delivery {
  const offsetMs = deps.clock.now().getTime() - deps.wall.now().getTime() // retries are timed in wall time
  return {
    id: row.id,
    subscriberId: row.subscriberId,
    eventName: row.eventName,
    referralId: row.referralId,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt:
      row.status === 'pending' && row.nextAttemptMs !== null
        ? formatServerDateTime(new Date(row.nextAttemptMs + offsetMs))
        : null,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    payload: JSON.parse(row.body) as unknown,
  }
}
