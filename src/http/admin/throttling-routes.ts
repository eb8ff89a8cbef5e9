// Admin API: the public API's throttle (issue 10 item 4). The default profile comes from
// COSELL_THROTTLE; a tenant's override replaces it for that tenant from its next call.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { throttleOff } from '../../domain/throttle/throttle-profile.js'
import { systemMonotonicClock } from '../../service/ports.js'
import { MemoryBuckets } from '../../service/throttle/memory-buckets.js'
import { Throttle } from '../../service/throttle/throttle.js'
import {
  clearTenantThrottle,
  setTenantThrottle,
  tenantThrottle,
  throttleSettings,
} from '../../service/throttle/throttle-settings.js'
import type { SandboxDeps } from '../../service/virtual-clock.js'
import type { AdminContext } from './admin-api.js'

type TenantRequest = FastifyRequest<{ Params: { tenantId: string } }>

export function registerThrottlingRoutes(
  app: FastifyInstance,
  deps: SandboxDeps,
  context: AdminContext,
): void {
  const throttle = context.throttle ?? new Throttle(throttleOff, new MemoryBuckets(systemMonotonicClock))
  const settings = { store: deps.store, throttle }

  app.get('/throttling', () => throttleSettings(throttle))

  app.get('/throttling/:tenantId', (request: TenantRequest) =>
    tenantThrottle(throttle, request.params.tenantId),
  )

  app.put('/throttling/:tenantId', (request: TenantRequest) =>
    setTenantThrottle(settings, request.params.tenantId, request.body),
  )

  app.delete('/throttling/:tenantId', async (request: TenantRequest, reply) => {
    await clearTenantThrottle(settings, request.params.tenantId)
    return reply.code(204).send()
  })
}
