// GET /healthz, for load balancers and orchestrators: 200 while the server can serve; 503 while
// its database is known to be damaged (a restart does not help: the operator must act). A full
// disk stays 200 ("degraded"): reads still work and writes recover by themselves.
// GET /readyz: 200 while the database answers a trivial query within a second, else 503; a
// balancer sends traffic only to ready servers, and a server whose database is out of reach is
// not restarted for it (that is what /healthz would say).
import type { FastifyInstance } from 'fastify'
import type { ServiceDeps } from '../../service/deps.js'
import { readiness } from '../../service/readiness.js'
import { storageHealth } from '../../service/storage-health.js'

const readyWithinMs = 1000

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

  app.get('/readyz', async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, readyWithinMs)))
    const answer = await readiness(deps, deadline)
    clearTimeout(timer)
    if (answer.ready) return { status: 'ready' }
    return reply.code(503).send({ status: 'not ready', reason: answer.reason })
  })
}
