// One event on its way to one registration, and what became of it (the delivery log).
import Type, { type Static } from 'typebox'
import { webhookEventNames } from './webhook-events.js'

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

export const DeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'The delivery id; for a validation event, its correlation id.' }),
    subscriberId: Type.String(),
    eventName: Type.Enum(webhookEventNames),
    referralId: Type.Union([Type.String(), Type.Null()], { description: 'null for a validation event.' }),
    status: Type.Enum(deliveryStatuses),
    attempts: Type.Integer({ description: 'Attempts made so far.' }),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()], {
      description: "The receiver's status at the last attempt; null when it gave none.",
    }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When the next attempt is due on the virtual clock; null unless pending.',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    payload: Type.Unknown({ description: 'The body sent.' }),
  },
  { $id: 'WebhookDelivery' },
)
export type Delivery = Static<typeof DeliverySchema>
