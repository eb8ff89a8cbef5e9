// Admin API: fault rules (issue 10 item 5), what the public API does wrong on purpose. Held in
// this server's memory (service/fault-rules.ts): a restart clears them.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FaultRules } from '../../service/fault-rules.js'

type IdRequest = FastifyRequest<{ Params: { id: string } }>

export function registerFaultRoutes(app: FastifyInstance, faults: FaultRules): void {
  app.post('/faults', async (request, reply) => reply.code(201).send(faults.add(request.body)))

  app.get('/faults', () => ({ value: faults.list() }))

  app.delete('/faults', () => ({ removed: faults.clear() }))

  app.get('/faults/:id', (request: IdRequest) => faults.get(request.params.id))

  app.delete('/faults/:id', async (request: IdRequest, reply) => {
    faults.remove(request.params.id)
    return reply.code(204).send()
  })
}
