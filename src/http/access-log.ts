// One line a request, written when its answer has gone out: method, path (never the query, which
// can carry customer names in $filter), status, duration, tenant and request id. Never headers,
// tokens or bodies.
import type { FastifyInstance } from 'fastify'

export function registerAccessLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0]
    const tenant = request.identity?.tenantId
    request.log.info(
      { tenant, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      `${request.method} ${path} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`,
    )
    done()
  })
}
