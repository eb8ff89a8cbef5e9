// Request and correlation ids (the documented headers): a new Request-ID on every response, and the
// client's own ids echoed back so a trace can be followed across both sides.
import type { FastifyInstance } from 'fastify'

const echoed = ['client-request-id', 'ms-correlationid', 'ms-requestid'] as const
const shownAs: Record<(typeof echoed)[number], string> = {
  'client-request-id': 'client-request-id',
  'ms-correlationid': 'MS-CorrelationId',
  'ms-requestid': 'MS-RequestId',
}

export function registerHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('Request-ID', request.id)
    for (const name of echoed) {
      const value = request.headers[name]
      if (typeof value === 'string' && value.length <= 256) void reply.header(shownAs[name], value)
    }
    done()
  })
}
