// Admin API: every tenant's webhook registrations and delivery log, and manual redelivery.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { listDeliveries, redeliver } from '../../service/webhooks/delivery-log.js'
import { registrationView } from '../../service/webhooks/manage-registration.js'
import type { SandboxDeps } from '../../service/virtual-clock.js'

type DeliveriesQuery = { tenant?: string; status?: string; $top?: string }

export function registerWebhookAdminRoutes(app: FastifyInstance, deps: SandboxDeps): void {
  const log = { ...deps, wall: deps.clock.wall }
  app.get('/webhooks/registrations', async () =>
    (await deps.store.webhooks.registrations()).map(registrationView),
  )
  app.get('/webhooks/deliveries', (request: FastifyRequest<{ Querystring: DeliveriesQuery }>) =>
    listDeliveries(log, { ...request.query, top: request.query.$top }),
  )
  app.post('/webhooks/deliveries/:id/redeliver', (request: FastifyRequest<{ Params: { id: string } }>) =>
    redeliver(log, request.params.id),
  )
}
