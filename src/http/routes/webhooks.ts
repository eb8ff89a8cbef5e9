// Partner Center's webhook registration API on the partner's bearer token:
// /webhooks/v1/registration (GET, POST, PUT, DELETE), its events, and validation events; plus the
// signing certificate, public, so receivers can verify signatures.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { webhookEventNames } from '../../domain/webhook/webhook-events.js'
import { listDeliveries } from '../../service/webhooks/delivery-log.js'
import {
  createRegistration,
  deleteRegistration,
  getRegistration,
  updateRegistration,
} from '../../service/webhooks/manage-registration.js'
import type { ValidationLimit } from '../../service/webhooks/validation-limit.js'
import {
  sendValidationEvent,
  ValidationThrottled,
  validationEventState,
} from '../../service/webhooks/validation-events.js'
import type { WebhookDeps } from '../../service/webhooks/webhook-deps.js'
import type { ReferralStore } from '../../store/referral-store.js'
import { certificatePath } from '../../webhooks/delivery-runtime.js'
import { signingIdentity } from '../../webhooks/signing-identity.js'
import { publicBaseUrl } from '../public-url.js'
import { sendThrottled } from '../throttling.js'
import { caller } from './referrals.js'

export const registrationUrl = '/webhooks/v1/registration'

export interface WebhookRouteOptions {
  readonly deps: WebhookDeps
  readonly publicUrl: string | null
  readonly limit: ValidationLimit
}

export function registerWebhookRoutes(
  api: FastifyInstance,
  { deps, publicUrl, limit }: WebhookRouteOptions,
): void {
  api.get(registrationUrl, (request) => getRegistration(deps, caller(request)))
  api.post(registrationUrl, (request) => createRegistration(deps, caller(request), request.body))
  api.put(registrationUrl, (request) => updateRegistration(deps, caller(request), request.body))
  api.delete(registrationUrl, async (request, reply) => {
    await deleteRegistration(deps, caller(request))
    return reply.code(204).send()
  })
  api.get(`${registrationUrl}/events`, () => [...webhookEventNames])

  api.post(`${registrationUrl}/validationEvents`, async (request, reply) => {
    const eventsUrl = `${publicBaseUrl(publicUrl, request)}${registrationUrl}/validationEvents`
    try {
      return await sendValidationEvent(deps, caller(request), limit, eventsUrl)
    } catch (error) {
      if (error instanceof ValidationThrottled) return sendThrottled(reply, error.retryAfterSeconds)
      throw error
    }
  })
  api.get(
    `${registrationUrl}/validationEvents/:correlationId`,
    (request: FastifyRequest<{ Params: { correlationId: string } }>) =>
      validationEventState(deps, caller(request), request.params.correlationId),
  )
  // cosell's addition: the tenant's own delivery log
  api.get(
    `${registrationUrl}/deliveries`,
    (request: FastifyRequest<{ Querystring: { status?: string; $top?: string } }>) =>
      listDeliveries(deps, {
        ...request.query,
        top: request.query.$top,
        tenant: caller(request).organization.id,
      }),
  )
}

/** The certificate receivers verify signatures with (PEM): public, like Partner Center's. */
export function registerCertificateRoute(app: FastifyInstance, store: ReferralStore): void {
  app.get(certificatePath, async (_request, reply) => {
    const identity = await signingIdentity(store)
    return reply
      .type('application/x-pem-file')
      .header('Cache-Control', 'public, max-age=3600')
      .header('X-Certificate-Sha256', identity.fingerprint)
      .send(identity.certificate)
  })
}
