// Builds the Fastify application without listening (tests use inject(), main.ts
// listens). The order of registration is the order of the request pipeline.
import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { createAuthSetup, type AuthSetup } from '../auth/auth-setup.js'
import { throttleOff, type ThrottleProfile } from '../domain/throttle/throttle-profile.js'
import type { ServiceDeps } from '../service/deps.js'
import { ensureMicrosoftOrganization } from '../service/manage-directory.js'
import { withVirtualClock, type SandboxDeps } from '../service/virtual-clock.js'
import { FaultRules } from '../service/fault-rules.js'
import { systemMonotonicClock, type MonotonicClock } from '../service/ports.js'
import { MemoryBuckets } from '../service/throttle/memory-buckets.js'
import type { Throttle } from '../service/throttle/throttle.js'
import type { ThrottleBuckets } from '../service/throttle/throttle-buckets.js'
import { loadThrottle, reloadThrottleOverrides } from '../service/throttle/throttle-settings.js'
import { authenticator } from './auth.js'
import { CallerCache } from './caller-cache.js'
import { handleFrameworkError, registerErrorEnvelope } from './error-envelope.js'
import { registerAccessLog } from './access-log.js'
import { registerAdminApi } from './admin/admin-api.js'
import { registerFaultHook } from './faults/fault-hook.js'
import { publicOperations } from './faults/public-operations.js'
import { registerHeaders } from './headers.js'
import { registerRequestNotes } from './request-notes.js'
import { journalDefaults, RequestJournal } from '../service/request-journal.js'
import { registerRequestJournal } from './request-journal.js'
import { bodyLimit, registerJsonBodies } from './json-body.js'
import { registerOpenApiRoute } from './openapi/openapi-route.js'
import { registerDashboard } from './routes/dashboard.js'
import { registerHealthRoute } from './routes/health.js'
import { registerOAuthRoutes } from './routes/oauth.js'
import { registerReferralRoutes } from './routes/referrals.js'
import { registerRegistrationRoutes } from './routes/registrations.js'
import { registerActivityRoutes } from './routes/activities.js'
import { registerSyncStatusRoutes } from './routes/sync-status.js'
import { registerThrottle } from './throttling.js'
import { registerCertificateRoute, registerWebhookRoutes } from './routes/webhooks.js'
import { ValidationLimit } from '../service/webhooks/validation-limit.js'
import type { ReceiverPolicy } from '../service/webhooks/webhook-deps.js'
import { Receivers } from '../webhooks/receiver-policy.js'

export interface AppOptions {
  readonly publicUrl: string | null
  readonly createStatus: 200 | 201
  readonly logLevel: string
  /** One info line a request (access-log.ts); default on. */
  readonly accessLog?: boolean
  /** Token issuing and checking; default: emulator mode with a signing key for this process. */
  readonly auth?: AuthSetup
  /** COSELL_ADMIN_TOKEN for the admin API; in emulator mode loopback clients need none. */
  readonly adminToken?: string | null
  /** PEM certificate and key to serve HTTPS with (`cosell serve --tls`); default plain HTTP. */
  readonly https?: { readonly cert: string; readonly key: string }
  /** How an injected latency waits (/_cosell/faults); tests pass one that records the delay. */
  readonly faultSleep?: (ms: number) => Promise<unknown>
  /** The server's default throttle profile (COSELL_THROTTLE); default off. */
  readonly throttle?: ThrottleProfile
  /** What throttle budgets refill by; default performance.now(). Tests move one by hand. */
  readonly throttleClock?: MonotonicClock
  /** Where the throttle's buckets are kept; default this process's memory, on throttleClock. */
  readonly throttleBuckets?: ThrottleBuckets
  /** The request journal the public API records into; default 1,000 requests of 50 tenants, wall time. */
  readonly journal?: RequestJournal
  /** Which webhook receivers may be registered; default: the rules of the auth mode, nothing allowed beyond them. */
  readonly receivers?: ReceiverPolicy
}

/** Every prefix real clients call: the documented one, the docs' `engagments` typo,
 *  the nextLink sample's `/v1.0/referrals` and the webhook ResourceUri form. */
export const referralPrefixes = ['/v1.0/engagements', '/v1.0/engagments', '/v1.0', '/engagements/v1'] as const

function logsInfo(level: string): boolean {
  return level === 'info' || level === 'debug' || level === 'trace'
}

/** JSON lines without pid and hostname, stamped with an ISO time a person can read. */
function compactLogger(level: string) {
  return { level, base: null, timestamp: () => `,"time":"${new Date().toISOString()}"` }
}

export async function buildApp(given: ServiceDeps, options: AppOptions): Promise<FastifyInstance> {
  const deps = await withVirtualClock(given) // every server-set time reads the one virtual clock
  await ensureMicrosoftOrganization(deps)
  const app = Fastify({
    // the https server differs from the http one only in how it listens: routes see the same request
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    logger: options.logLevel === 'silent' ? false : compactLogger(options.logLevel),
    bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    frameworkErrors: handleFrameworkError,
    logController: new LogController({ disableRequestLogging: true }), // failures are logged once, by the error envelope
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      caseSensitive: false,
      maxParamLength: 200,
    },
  })
  app.decorateRequest('caller', undefined)
  app.decorateRequest('identity', undefined)
  registerRequestNotes(app)
  registerHeaders(app)
  registerJsonBodies(app)
  registerErrorEnvelope(app)
  if ((options.accessLog ?? true) && logsInfo(options.logLevel)) registerAccessLog(app) // no cost when nothing would be written

  registerHealthRoute(app, deps)
  registerOpenApiRoute(app, options.publicUrl)
  registerCertificateRoute(app, deps.store) // receivers fetch it without a token
  await registerDashboard(app) // static files, no token

  const auth = options.auth ?? (await createAuthSetup({ directory: deps.store }))
  await app.register((oauth, _opts, done) => {
    registerOAuthRoutes(oauth, { auth, publicUrl: options.publicUrl }) // sign-in needs no bearer token
    done()
  })

  const callers = new CallerCache()
  const faults = new FaultRules(publicOperations, deps.ids) // in this process's memory: a restart clears them
  const throttle = await loadThrottle(
    deps.store,
    options.throttle ?? throttleOff,
    options.throttleBuckets ?? new MemoryBuckets(options.throttleClock ?? systemMonotonicClock),
  )
  const journal = options.journal ?? new RequestJournal({ ...journalDefaults, now: () => Date.now() })
  await registerAdminApi(
    app,
    deps,
    { adminToken: options.adminToken ?? null, trustLoopback: auth.mode === 'emulator' },
    {
      publicUrl: options.publicUrl,
      onWrite: () => adminWrote(app, deps, callers),
      faults,
      throttle,
      journal,
    },
  )
  hearOtherServers(app, deps, callers, throttle)

  await app.register((api, _opts, done) => {
    api.addHook('onRequest', authenticator(deps.store, deps.clock, auth, options.publicUrl, callers)) // before the body is read: 401 beats 400
    registerFaultHook(api, faults, { prefixes: referralPrefixes, sleep: options.faultSleep }) // after auth (a rule may name the tenant), before the throttle
    registerThrottle(api, throttle) // needs the tenant; before the body is read, so a refused upload costs little
    if (journal.enabled) registerRequestJournal(api, journal) // the public API only: no cost when off
    registerReferralRoutes(api, {
      deps,
      publicUrl: options.publicUrl,
      createStatus: options.createStatus,
      prefixes: referralPrefixes,
    })
    registerRegistrationRoutes(api, deps) // /_cosell/…/dealRegistrationEligibility: the partner's token
    registerActivityRoutes(api, deps, options.publicUrl) // /_cosell/…/activities: the partner's token
    registerSyncStatusRoutes(api, { ...deps, wall: deps.clock.wall }, options.publicUrl) // /_cosell/sync/…: the partner's token
    const receivers =
      options.receivers ?? new Receivers({ auth: auth.mode, allowPrivate: false, allowedHosts: [] })
    registerWebhookRoutes(api, {
      deps: { ...deps, receivers, wall: deps.clock.wall },
      publicUrl: options.publicUrl,
      limit: new ValidationLimit(),
    })
    done()
  })
  return app
}

/** After an admin write: who a token stands for may have changed, here and on the other servers. */
async function adminWrote(app: FastifyInstance, deps: SandboxDeps, callers: CallerCache): Promise<void> {
  callers.clear()
  await deps.store.coordination
    .announce('admin')
    .catch((error: unknown) =>
      app.log.warn({ err: error }, 'the other servers could not be told of an admin write'),
    )
}

/** Another server's admin write: the clock, the directory or the throttle overrides may have changed. */
function hearOtherServers(
  app: FastifyInstance,
  deps: SandboxDeps,
  callers: CallerCache,
  throttle: Throttle,
): void {
  if (deps.store.coordination.shared) readClockBeforeWrites(app, deps)
  const stop = deps.store.coordination.onAnnounced('admin', () => {
    callers.clear()
    Promise.all([deps.clock.refresh(), reloadThrottleOverrides(deps.store, throttle)]).catch(
      (error: unknown) => app.log.error({ err: error }, 'reading another server’s admin write failed'),
    )
  })
  app.addHook('onClose', (_instance, done) => {
    stop()
    done()
  })
}

/**
 * A clock moved through another server is announced, but the announcement may arrive after the
 * client's next request: a write (which stamps times) and a read of the clock read it as stored.
 * The Referrals API's creates and updates instead state the clock they used in their write
 * (clock-stated.ts).
 */
function readClockBeforeWrites(app: FastifyInstance, deps: SandboxDeps): void {
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.clockStatedByWrite === true) return
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.url.startsWith('/_cosell/clock'))
      await deps.clock.refresh()
  })
}
