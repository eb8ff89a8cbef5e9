// The admin API under /_cosell: one plugin with its own access check; each resource adds its
// routes through a registrar, so new admin resources plug in without touching the others.
import type { FastifyInstance } from 'fastify'
import { FaultRules } from '../../service/fault-rules.js'
import type { Throttle } from '../../service/throttle/throttle.js'
import type { RequestJournal } from '../../service/request-journal.js'
import type { SandboxDeps } from '../../service/virtual-clock.js'
import { publicOperations } from '../faults/public-operations.js'
import { adminAccess, type AdminAccessOptions } from './admin-access.js'
import { registerClockRoutes } from './clock-routes.js'
import { registerDirectoryRoutes } from './directory-routes.js'
import { registerFaultRoutes } from './fault-routes.js'
import { registerJournalRoutes } from './journal-routes.js'
import { registerMicrosoftRoutes } from './microsoft-routes.js'
import { registerRegistrationAdminRoutes } from './registration-routes.js'
import { registerSandboxRoutes } from './sandbox-routes.js'
import { registerThrottlingRoutes } from './throttling-routes.js'
import { registerWebhookAdminRoutes } from './webhook-routes.js'

/** What admin routes may need beyond the use cases. */
export interface AdminContext {
  /** COSELL_PUBLIC_URL, or null to take links' base from each request. */
  readonly publicUrl: string | null
  /** Called before any admin write is answered: who a token stands for may have changed. */
  readonly onWrite?: () => void | Promise<void>
  /** The fault rules the public API applies; a set of its own when not given. */
  readonly faults?: FaultRules
  /** The public API's throttle, whose per-tenant overrides the admin API sets; default: one of its own, off. */
  readonly throttle?: Throttle
  /** The public API's request journal, which the journal and report routes read. */
  readonly journal?: RequestJournal
}

export type AdminRegistrar = (app: FastifyInstance, deps: SandboxDeps, context: AdminContext) => void

/** Every admin resource; add a registrar here to publish a new one. */
export const adminRegistrars: readonly AdminRegistrar[] = [
  registerDirectoryRoutes,
  registerMicrosoftRoutes,
  registerClockRoutes,
  registerSandboxRoutes,
  registerRegistrationAdminRoutes,
  (app, deps, context) =>
    registerFaultRoutes(app, context.faults ?? new FaultRules(publicOperations, deps.ids)),
  registerThrottlingRoutes,
  registerJournalRoutes,
  registerWebhookAdminRoutes,
]

export async function registerAdminApi(
  app: FastifyInstance,
  deps: SandboxDeps,
  access: AdminAccessOptions,
  context: AdminContext = { publicUrl: null },
): Promise<void> {
  await app.register(
    (admin, _options, done) => {
      admin.addHook('onRequest', adminAccess(access))
      admin.addHook('onSend', async (request, _reply, payload) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') await context.onWrite?.()
        return payload
      })
      for (const register of adminRegistrars) register(admin, deps, context)
      done()
    },
    { prefix: '/_cosell' },
  )
}
