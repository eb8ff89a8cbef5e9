// The admin API under /_cosell: one plugin with its own access check; each resource adds its
// routes through a registrar, so new admin resources plug in without touching the others.
import type { FastifyInstance } from 'fastify'
import type { ServiceDeps } from '../../service/deps.js'
import { adminAccess, type AdminAccessOptions } from './admin-access.js'
import { registerDirectoryRoutes } from './directory-routes.js'

export type AdminRegistrar = (app: FastifyInstance, deps: ServiceDeps) => void

/** Every admin resource; add a registrar here to publish a new one. */
export const adminRegistrars: readonly AdminRegistrar[] = [registerDirectoryRoutes]

export async function registerAdminApi(
  app: FastifyInstance,
  deps: ServiceDeps,
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
