// GET /healthz, for load balancers and orchestrators: 200 while the server can serve; 503 while
// its database is known to be damaged (a restart does not help: the operator must act). A full
// disk stays 200 ("degraded"): reads still work and writes recover by themselves.
import type { FastifyInstance } from 'fastify'
import type { ServiceDeps } from '../../service/deps.js'
import { storageHealth } from '../../service/storage-health.js'

export function registerHealthRoute(app: FastifyInstance, deps: Pick<ServiceDeps, 'store'>): void {
  app.get('/healthz', (_request, reply) => {
    const health = storageHealth(deps)
    switch (health.status) {
      case 'ok':
        return { status: 'ok' }
      case 'diskFull':
        return { status: 'degraded', reason: health.reason, action: health.action }
      case 'damaged':
        return reply.code(503).send({ status: 'unhealthy', reason: health.reason, action: health.action })
    }
  })
}
