// Webhooks: Partner Center's registration API on the partner's token, the public
// signing certificate, and the admin API's delivery log.
import Type from 'typebox'
import { DeliverySchema } from '../../domain/webhook/delivery.js'
import { RegistrationInputSchema, WebhookRegistrationSchema } from '../../domain/webhook/registration.js'
import { webhookEventNames } from '../../domain/webhook/webhook-events.js'
import {
  adminOperation as admin,
  errors,
  json,
  jsonBody,
  ok,
  partnerSecurity,
  pathParameter,
  type Operation,
  type Paths,
} from './operations.js'
import { named } from './wire-schemas.js'

const tags = ['Webhooks']
const adminTags = ['Admin: webhooks']
const DeliveriesSchema = Type.Array(DeliverySchema, { $id: 'WebhookDeliveries' })
const CorrelationSchema = Type.Object({ correlationId: Type.String() }, { $id: 'WebhookValidationEvent' })
const ValidationStateSchema = Type.Intersect([CorrelationSchema, DeliverySchema], {
  $id: 'WebhookValidationEventState',
})
const ThrottledSchema = Type.Object(
  {
    statusCode: Type.Literal(429),
    message: Type.String({ examples: ['Rate limit is exceeded. Try again in 57 seconds.'] }),
  },
  { $id: 'PartnerCenterThrottled' },
)
const input = jsonBody(
  named(RegistrationInputSchema, 'WebhookRegistrationInput'),
  'Keys in any case (webhookUrl, webhookEvents as the REST reference writes them); unknown keys are ignored.',
)

const partner = (operation: Omit<Operation, 'security'>): Operation => ({
  ...operation,
  security: partnerSecurity,
})
const registration = ok('The registration.', WebhookRegistrationSchema)

export const webhookPaths: Paths = {
  '/webhooks/v1/registration': {
    get: partner({
      operationId: 'getWebhookRegistration',
      summary: "The tenant's webhook registration",
      tags,
      responses: { '200': registration, ...errors(401, 404) },
    }),
    post: partner({
      operationId: 'createWebhookRegistration',
      summary: 'Register a webhook for the tenant',
      description: 'One registration per tenant: a second POST answers 409; change it with PUT.',
      tags,
      requestBody: input,
      responses: { '200': registration, ...errors(400, 401, 403, 409) },
    }),
    put: partner({
      operationId: 'updateWebhookRegistration',
      summary: "Replace the tenant's webhook registration",
      tags,
      requestBody: input,
      responses: { '200': registration, ...errors(400, 401, 403, 404) },
    }),
    delete: partner({
      operationId: 'deleteWebhookRegistration',
      summary: "Delete the tenant's webhook registration (a cosell addition)",
      description: 'Its pending deliveries become dead.',
      tags,
      responses: { '204': ok('Deleted.'), ...errors(401, 403, 404) },
    }),
  },
  '/webhooks/v1/registration/events': {
    get: partner({
      operationId: 'listWebhookEvents',
      summary: 'The events a registration may subscribe to',
      tags,
      responses: { '200': ok('Event names.', Type.Array(Type.Enum(webhookEventNames))), ...errors(401) },
    }),
  },
  '/webhooks/v1/registration/validationEvents': {
    post: partner({
      operationId: 'sendWebhookValidationEvent',
      summary: 'Send a test-created event to the registered URL',
      description:
        "At most 2 requests a minute per tenant; the third answers 429 with Partner Center's throttled body.",
      tags,
      responses: {
        '200': ok('The correlation id to ask about.', CorrelationSchema),
        '429': { description: 'Throttled; Retry-After says when to try again.', ...json(ThrottledSchema) },
        ...errors(401, 404),
      },
    }),
  },
  '/webhooks/v1/registration/validationEvents/{correlationId}': {
    get: partner({
      operationId: 'getWebhookValidationEvent',
      summary: 'What became of a validation event',
      tags,
      parameters: [pathParameter('correlationId', 'What POST …/validationEvents answered.')],
      responses: { '200': ok('Its delivery.', ValidationStateSchema), ...errors(401, 404) },
    }),
  },
  '/webhooks/v1/registration/deliveries': {
    get: partner({
      operationId: 'listOwnWebhookDeliveries',
      summary: "The tenant's delivery log, newest first (a cosell addition)",
      tags,
      parameters: [statusParameter(), topParameter()],
      responses: { '200': ok('Deliveries.', DeliveriesSchema), ...errors(400, 401) },
    }),
  },
  '/webhooks/v1/certificate': {
    get: {
      operationId: 'getWebhookCertificate',
      summary: 'The certificate webhook signatures verify with (PEM), as x-ms-certificate-url names it',
      tags,
      security: [{}],
      responses: {
        '200': { description: 'PEM.', content: { 'application/x-pem-file': { schema: { type: 'string' } } } },
      },
    },
  },
  '/_cosell/webhooks/registrations': {
    get: admin({
      operationId: 'listWebhookRegistrations',
      summary: "Every tenant's webhook registration",
      tags: adminTags,
      responses: { '200': ok('Registrations.', Type.Array(WebhookRegistrationSchema)), ...errors(401, 403) },
    }),
  },
  '/_cosell/webhooks/deliveries': {
    get: admin({
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log, newest first',
      tags: adminTags,
      parameters: [
        {
          name: 'tenant',
          in: 'query',
          required: false,
          description: 'One tenant (subscriber) id.',
          schema: { type: 'string' },
        },
        statusParameter(),
        topParameter(),
      ],
      responses: { '200': ok('Deliveries.', DeliveriesSchema), ...errors(400, 401, 403) },
    }),
  },
  '/_cosell/webhooks/deliveries/{id}/redeliver': {
    post: admin({
      operationId: 'redeliverWebhook',
      summary: 'Send a delivered or dead delivery again, with a fresh set of attempts',
      tags: adminTags,
      parameters: [pathParameter('id', 'The delivery id.')],
      responses: { '200': ok('The delivery, pending again.', DeliverySchema), ...errors(401, 403, 404) },
    }),
  },
}

function statusParameter(): object {
  return {
    name: 'status',
    in: 'query',
    required: false,
    schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
  }
}

function topParameter(): object {
  return {
    name: '$top',
    in: 'query',
    required: false,
    description: 'At most this many (1–1000, default 100).',
    schema: { type: 'integer' },
  }
}
