// Partner Center's validation events: POST …/registration/validationEvents sends a `test-created`
// event to the registered URL, whatever events it subscribes to, and answers a correlation id;
// GET …/validationEvents/{correlationId} answers what became of it.
import { CosellError } from '../../domain/errors.js'
import { formatServerDateTime } from '../../domain/referral/date-time.js'
import type { Delivery } from '../../domain/webhook/delivery.js'
import { eventBody } from '../../domain/webhook/event-payload.js'
import { testEventName } from '../../domain/webhook/webhook-events.js'
import type { Caller } from '../deps.js'
import { deliveryView } from './delivery-view.js'
import type { ValidationLimit } from './validation-limit.js'
import type { WebhookDeps } from './webhook-deps.js'

/** The throttled answer: Partner Center's own body, not the referral API's error body. */
export class ValidationThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.`)
  }
}

export interface ValidationEventAnswer {
  readonly correlationId: string
}

export async function sendValidationEvent(
  deps: WebhookDeps,
  caller: Caller,
  limit: ValidationLimit,
  /** `<base>/webhooks/v1/registration/validationEvents`: the event's ResourceUri is under it. */
  eventsUrl: string,
): Promise<ValidationEventAnswer> {
  const tenant = caller.organization.id
  if (!(await deps.store.webhooks.registration(tenant))) {
    throw new CosellError(
      'itemNotFound',
      `Tenant ${tenant} has no webhook registration to send a validation event to.`,
      'registration',
    )
  }
  const wait = limit.take(tenant, deps.wall.now().getTime())
  if (wait !== undefined) throw new ValidationThrottled(wait)
  const correlationId = deps.ids.uuid()
  const now = formatServerDateTime(deps.clock.now())
  await deps.store.webhooks.queueDelivery({
    id: correlationId,
    subscriberId: tenant,
    eventName: testEventName,
    referralId: null,
    body: eventBody(testEventName, `${eventsUrl}/${correlationId}`, now),
    createdAt: now,
    nextAttemptMs: deps.wall.now().getTime(),
  })
  return { correlationId }
}

export async function validationEventState(
  deps: WebhookDeps,
  caller: Caller,
  correlationId: string,
): Promise<Delivery & { correlationId: string }> {
  const row = await deps.store.webhooks.delivery(correlationId.toLowerCase(), caller.organization.id)
  if (!row || row.referralId !== null)
    throw new CosellError(
      'itemNotFound',
      `No validation event has the correlation id '${correlationId}'.`,
      'correlationId',
    )
  return { correlationId: row.id, ...deliveryView(deps, row) }
}
