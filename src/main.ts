// Composition root: config → store → service → http → listen. The only module that knows every
// concrete class.
import type { FastifyInstance } from 'fastify'
import { createAuthSetup } from './auth/auth-setup.js'
import { loadSigningKey, sharedSigningKey } from './auth/signing-key.js'
import { insecureListenRefusal } from './config/insecure-listen.js'
import { ConfigError } from './config/load.js'
import { throttleSharingWarning } from './config/throttle-sharing.js'
import type { Config } from './config/schema.js'
import { defaultUsdRates } from './domain/registration/usd-rates.js'
import { buildApp } from './http/app.js'
import { loadTlsCertificate, type TlsCertificate } from './http/tls-certificate.js'
import { startExpiryTimer } from './service/expiry-timer.js'
import { MemoryBuckets } from './service/throttle/memory-buckets.js'
import type { ThrottleBuckets } from './service/throttle/throttle-buckets.js'
import { systemMonotonicClock } from './service/ports.js'
import { randomIds } from './service/ids.js'
import { RequestJournal } from './service/request-journal.js'
import { afterTimeMoved } from './service/time-moved.js'
import { VirtualClock, type SandboxDeps } from './service/virtual-clock.js'
import type { LeaderWork } from './store/coordination.js'
import { PostgresReferralStore } from './store/postgres/store.js'
import type { ReferralStore } from './store/referral-store.js'
import { SqliteReferralStore } from './store/sqlite/store.js'
import { RedisBuckets } from './throttle-redis/redis-buckets.js'
import {
  startWebhookDelivery,
  type DeliverySettings,
  type WebhookDelivery,
} from './webhooks/delivery-runtime.js'
import { GatheredWake } from './webhooks/gathered-wake.js'
import { RegistrationsKnown } from './webhooks/registrations-known.js'
import { Receivers } from './webhooks/receiver-policy.js'

export interface RunningServer {
  readonly app: FastifyInstance
  readonly url: string
  /** The certificate served, with --tls. */
  readonly tls: TlsCertificate | undefined
  close(): Promise<void>
}

/** How often (wall time) incoming referrals are checked for expiry while the clock just runs. */
const expirySweepMs = 5000

/** How often (wall time) webhook delivery looks at the change feed and the outbox unprompted. */
const webhookPollMs = 1000

/** How long a server gathers its commits before telling the leader of them (one NOTIFY a window). */
const announceGatherMs = 20

function webhookSettings(config: Config): DeliverySettings {
  return {
    retry: {
      baseMs: config.webhookRetryBaseMs,
      maxMs: config.webhookRetryMaxMs,
      maxAttempts: config.webhookMaxAttempts,
    },
    timeoutMs: config.webhookTimeoutMs,
    concurrency: config.webhookConcurrency,
    pause: config.webhookPause,
    pollMs: webhookPollMs,
  }
}

/** Damage found when the store opened is logged once; /healthz keeps reporting it. */
function reportStartCheck(app: FastifyInstance, store: ReferralStore): void {
  if (!(store instanceof SqliteReferralStore)) return
  const check = store.startCheck()
  const health = store.health()
  if (health.status === 'damaged') app.log.error(`${health.reason} ${health.action}`)
  else if (check && !check.checked) {
    app.log.warn(
      `The database is ${Math.round(check.bytes / 2 ** 20)} MiB: its pages were not checked at start (about a second per 500 MB). Run \`cosell doctor\` while the server is stopped to check them.`,
    )
  }
}

/** PostgreSQL when DATABASE_URL names one; else the embedded store, which owns the data directory. */
async function openStore(config: Config): Promise<ReferralStore> {
  if (config.databaseUrl !== null)
    return PostgresReferralStore.open(config.databaseUrl, {
      queryTimeoutMs: config.queryTimeoutMs,
      connections: config.databasePool,
    })
  return SqliteReferralStore.open(config.dataDir, config.durability, {
    workers: config.readWorkers,
    queue: config.readQueue,
    budgetMs: config.queryTimeoutMs,
  })
}

/** Throttle buckets in Redis when REDIS_URL names one (shared by every server), else in this process. */
async function openThrottleBuckets(
  config: Config,
  warn: (message: string) => void,
): Promise<ThrottleBuckets> {
  if (config.redisUrl === null) return new MemoryBuckets(systemMonotonicClock)
  return RedisBuckets.open(config.redisUrl, { warn })
}

export async function startServer(config: Config): Promise<RunningServer> {
  const refusal = insecureListenRefusal(config)
  if (refusal) throw new ConfigError(refusal)
  const store = await openStore(config)
  let stopAnnouncing = () => {}
  let app: FastifyInstance | undefined
  let warn = (message: string) => console.error(`cosell: ${message}`) // the log once the app is built
  const throttleBuckets = await openThrottleBuckets(config, (message) => warn(message))
  try {
    const auth = await createAuthSetup({
      mode: config.auth,
      // the key `cosell token` signs with; on PostgreSQL the one every server shares
      key: config.databaseUrl === null ? await loadSigningKey(config.dataDir) : await sharedSigningKey(store),
      oidcIssuers: config.oidcIssuers,
      allowInsecure: config.allowInsecure,
      audiences: config.audiences,
      directory: store, // where `common` finds a user's home organisation
    })
    const tls =
      config.tls || config.tlsCert !== null || config.tlsKey !== null
        ? await loadTlsCertificate(config)
        : undefined
    const deps = {
      store,
      clock: await VirtualClock.load(store), // state kept in the store: survives restarts
      ids: randomIds,
      rules: {
        requireContactConsent: config.requireContactConsent,
        requireMarketplaceIntent: config.requireMarketplaceIntent,
        usdRates: { ...defaultUsdRates, ...config.fxRates },
      },
    }
    const receivers = new Receivers({
      auth: config.auth,
      allowPrivate: config.webhookAllowPrivate,
      allowedHosts: config.webhookAllowedHosts,
    })
    const served = await buildApp(deps, {
      publicUrl: config.publicUrl,
      createStatus: config.createStatus,
      logLevel: config.logLevel,
      accessLog: config.accessLog,
      auth,
      adminToken: config.adminToken,
      throttle: config.throttle,
      throttleBuckets,
      journal: new RequestJournal({
        size: config.journalSize,
        tenants: config.journalTenants,
        now: () => Date.now(),
      }),
      receivers,
      ...(tls ? { https: tls } : {}),
    })
    app = served
    warn = (message) => served.log.warn(message)
    reportStartCheck(served, store)
    const sharing = throttleSharingWarning(config)
    if (sharing) served.log.warn(sharing)
    await afterTimeMoved(deps) // what fell due while no server ran, before anyone reads it
    const url = await served.listen({ port: config.port, host: config.host })
    await store.coordination.lead(
      () =>
        startBackgroundWork(deps, served, receivers, webhookSettings(config), () => config.publicUrl ?? url),
      (error) => served.log.error({ err: error }, 'the background work failed to start; another try follows'),
    )
    stopAnnouncing = announceCommits(store)
    return {
      app: served,
      url,
      tls,
      close: async () => {
        stopAnnouncing()
        await served.close()
        await throttleBuckets.close?.()
        await store.close() // the background work first
      },
    }
  } catch (error) {
    stopAnnouncing()
    await app?.close()
    await throttleBuckets.close?.()
    await store.close()
    throw error
  }
}

/**
 * What runs on one server at a time (the leader, store/coordination.ts): what fell due while no
 * server ran, then the periodic sweep of the virtual clock and webhook delivery. Another server's
 * commits wake the delivery at once through its announcements.
 */
async function startBackgroundWork(
  deps: SandboxDeps,
  app: FastifyInstance,
  receivers: Receivers,
  settings: DeliverySettings,
  baseUrl: () => string,
): Promise<LeaderWork> {
  const onError = (error: unknown) => app.log.error({ err: error }, 'background work failed')
  await afterTimeMoved(deps) // taking over from a leader that died: what fell due since
  const expiry = startExpiryTimer(deps, expirySweepMs, onError)
  let webhooks: WebhookDelivery
  try {
    webhooks = await startWebhookDelivery(
      { ...deps, feed: deps.store, wall: deps.clock.wall, receivers, baseUrl, onError },
      settings,
    )
  } catch (error) {
    await expiry.close()
    throw error
  }
  const stopHearing = [
    deps.store.coordination.onAnnounced('feed', () => webhooks.heard('feed')),
    deps.store.coordination.onAnnounced('outbox', () => webhooks.heard('outbox')),
  ]
  if (deps.store.coordination.shared)
    app.log.info('this server leads the background work (clock sweep, webhook delivery)')
  return {
    close: async () => {
      for (const stop of stopHearing) stop()
      await expiry.close()
      await webhooks.close()
      if (deps.store.coordination.shared) app.log.info('this server no longer leads the background work')
    },
  }
}

/** Tells the leader of this server's commits (its dispatcher's work), while a webhook registration
 *  exists, and of its queued deliveries (its sender's), each gathered a few ms at a time: the one
 *  it hears is the one it runs. */
function announceCommits(store: ReferralStore): () => void {
  if (!store.coordination.shared) return () => undefined // one server: it leads, and heard its own
  const announcing = (announcement: 'feed' | 'outbox', wanted: () => boolean) => {
    const wake = new GatheredWake(announceGatherMs, () => {
      void store.coordination.announce(announcement).catch(() => undefined) // the leader's poll finds it anyway
    })
    const soon = () => {
      if (!store.coordination.leading && wanted()) wake.soon() // the leader's own delivery heard it
    }
    return { wake, soon }
  }
  const registrations = new RegistrationsKnown(store)
  const feed = announcing('feed', () => registrations.exist)
  const outbox = announcing('outbox', () => true)
  const stops = [
    store.onCommitted(feed.soon),
    store.webhooks.onQueued(outbox.soon),
    store.webhooks.onRegistrationsChanged(() => {
      registrations.reread()
      void store.coordination.announce('webhooks').catch(() => undefined) // the poll of the others rereads
    }),
    store.coordination.onAnnounced('webhooks', () => registrations.reread()),
  ]
  return () => {
    feed.wake.cancel()
    outbox.wake.cancel()
    registrations.close()
    for (const stop of stops) stop()
  }
}
