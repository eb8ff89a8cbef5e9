// Admin API: reset, named snapshots and sample data (issue 4 item 7).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  deleteSnapshot,
  listSnapshots,
  resetSandbox,
  restoreSnapshot,
  saveSnapshot,
} from '../../service/manage-snapshots.js'
import { seedReferrals } from '../../service/seed-referrals.js'
import type { SandboxDeps } from '../../service/virtual-clock.js'

type NameRequest = FastifyRequest<{ Params: { name: string } }>

export function registerSandboxRoutes(app: FastifyInstance, deps: SandboxDeps): void {
  app.post('/reset', () => resetSandbox(deps))

  app.get('/snapshots', async () => ({ value: await listSnapshots(deps) }))

  app.put('/snapshots/:name', (request: NameRequest) => saveSnapshot(deps, request.params.name))

  app.post('/snapshots/:name/restore', (request: NameRequest) => restoreSnapshot(deps, request.params.name))

  app.delete('/snapshots/:name', async (request: NameRequest, reply) => {
    await deleteSnapshot(deps, request.params.name)
    return reply.code(204).send()
  })

  app.post('/seed', (request) => seedReferrals(deps, request.body))
}
