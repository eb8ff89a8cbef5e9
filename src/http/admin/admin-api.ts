// The admin API under /_cosell: one plugin with its own access check; each resource adds its
// routes through a registrar, so new admin resources plug in without touching the others.
import type { FastifyInstance } from 'fastify'
import type { SandboxDeps } from '../../service/virtual-clock.js'
import { adminAccess, type AdminAccessOptions } from './admin-access.js'
import { registerClockRoutes } from './clock-routes.js'
import { registerDirectoryRoutes } from './directory-routes.js'
import { registerRegistrationAdminRoutes } from './registration-routes.js'
import { registerSandboxRoutes } from './sandbox-routes.js'

export type AdminRegistrar = (app: FastifyInstance, deps: SandboxDeps) => void

/** Every admin resource; add a registrar here to publish a new one. */
export const adminRegistrars: readonly AdminRegistrar[] = [
  registerDirectoryRoutes,
  registerClockRoutes,
  registerSandboxRoutes,
  registerRegistrationAdminRoutes,
]

export async function registerAdminApi(
  app: FastifyInstance,
  deps: SandboxDeps,
  access: AdminAccessOptions,
): Promise<void> {
  await app.register(
    (admin, _options, done) => {
      admin.addHook('onRequest', adminAccess(access))
      for (const register of adminRegistrars) register(admin, deps)
      done()
    },
    { prefix: '/_cosell' },
  )
}
