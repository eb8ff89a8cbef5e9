// The delivery log (admin API, and a tenant's own view) and manual redelivery.
import { invalidRequest, notFound } from '../../domain/errors.js'
import { deliveryStatuses, type Delivery, type DeliveryStatus } from '../../domain/webhook/delivery.js'
import type { WebhookDeps } from './webhook-deps.js'
import { deliveryView } from './delivery-view.js'

export interface DeliveryQuery {
  readonly tenant?: string | undefined
  readonly status?: string | undefined
  readonly top?: string | number | undefined
}

const defaultTop = 100
const maxTop = 1000

type LogDeps = Pick<WebhookDeps, 'store' | 'clock' | 'wall'>

export async function listDeliveries(deps: LogDeps, query: DeliveryQuery): Promise<Delivery[]> {
  const status = query.status?.toLowerCase()
  const top = query.top === undefined ? defaultTop : Number(query.top)
  const problems = []
  if (status !== undefined && !(deliveryStatuses as readonly string[]).includes(status))
    problems.push({
      target: 'status',
      rule: 'enum',
      message: `status must be one of: ${deliveryStatuses.join(', ')}.`,
      allowedValues: deliveryStatuses,
    })
  if (!Number.isInteger(top) || top < 1 || top > maxTop)
    problems.push({
      target: '$top',
      rule: 'range',
      message: `$top must be a whole number from 1 to ${maxTop}.`,
    })
  if (problems.length > 0) throw invalidRequest(problems)
  const rows = await deps.store.webhooks.deliveries({
    ...(query.tenant ? { subscriberId: query.tenant.toLowerCase() } : {}),
    ...(status ? { status: status as DeliveryStatus } : {}),
    limit: top,
  })
  return rows.map((row) => deliveryView(deps, row))
}

/** Sends a delivered or dead delivery again, with a fresh set of attempts; a pending one is left as it is. */
export async function redeliver(deps: LogDeps, id: string): Promise<Delivery> {
  const key = id.toLowerCase()
  const row = await deps.store.webhooks.delivery(key)
  if (!row) throw notFound('Delivery', id)
  if (row.status !== 'pending') await deps.store.webhooks.requeue(key, deps.wall.now().getTime())
  return deliveryView(deps, (await deps.store.webhooks.delivery(key))!)
}
