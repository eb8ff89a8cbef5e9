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
import { startExpiryTimer, type ExpiryTimer } from './service/expiry-timer.js'
import { MemoryBuckets } from './service/throttle/memory-buckets.js'
import type { ThrottleBuckets } from './service/throttle/throttle-buckets.js'
import { systemMonotonicClock } from './service/ports.js'
import { randomIds } from './service/ids.js'
import { RequestJournal } from './service/request-journal.js'
import { afterTimeMoved } from './service/time-moved.js'
import { VirtualClock } from './service/virtual-clock.js'
import { PostgresReferralStore } from './store/postgres/store.js'
import type { ReferralStore } from './store/referral-store.js'
import { SqliteReferralStore } from './store/sqlite/store.js'
import { RedisBuckets } from './throttle-redis/redis-buckets.js'
import {
  startWebhookDelivery,
  type DeliverySettings,
  type WebhookDelivery,
} from './webhooks/delivery-runtime.js'
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
    return PostgresReferralStore.open(config.databaseUrl, { queryTimeoutMs: config.queryTimeoutMs })
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
  let expiry: ExpiryTimer | undefined
  let webhooks: WebhookDelivery | undefined
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
    const app = await buildApp(deps, {
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
    warn = (message) => app.log.warn(message)
    reportStartCheck(app, store)
    const sharing = throttleSharingWarning(config)
    if (sharing) app.log.warn(sharing)
    await afterTimeMoved(deps) // what fell due while the server was down, before anyone reads it
    expiry = startExpiryTimer(deps, expirySweepMs, (error) =>
      app.log.error({ err: error }, 'the time-moved sweep failed'),
    )
    const url = await app.listen({ port: config.port, host: config.host })
    webhooks = await startWebhookDelivery(
      {
        store,
        feed: store,
        clock: deps.clock,
        wall: deps.clock.wall,
        ids: randomIds,
        receivers,
        baseUrl: () => config.publicUrl ?? url, // no request at send time: where this server listens
        onError: (error) => app.log.error({ err: error }, 'webhook delivery failed'),
      },
      webhookSettings(config),
    )
    return {
      app,
      url,
      tls,
      close: async () => {
        await expiry?.close()
        await webhooks?.close()
        await app.close()
        await throttleBuckets.close?.()
        await store.close()
      },
    }
  } catch (error) {
    await expiry?.close()
    await webhooks?.close()
    await throttleBuckets.close?.()
    await store.close()
    throw error
  }
}
