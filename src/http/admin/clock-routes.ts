// Admin API: the virtual clock (issue 4 item 6). A change runs what follows when time moves
// (Microsoft's scripted policy, expiry) before answering, and the answer says what that did.
import type { FastifyInstance } from 'fastify'
import { invalidRequest } from '../../domain/errors.js'
import { readClockChange } from '../../domain/time/clock-change.js'
import { afterTimeMoved } from '../../service/time-moved.js'
import type { SandboxDeps } from '../../service/virtual-clock.js'

export function registerClockRoutes(app: FastifyInstance, deps: SandboxDeps): void {
  app.get('/clock', () => deps.clock.view())

  app.post('/clock', async (request) => {
    const { change, problems } = readClockChange(request.body)
    if (!change) throw invalidRequest(problems)
    await deps.clock.change(change)
    const moved = await afterTimeMoved(deps)
    return { ...deps.clock.view(), ...moved }
  })
}
