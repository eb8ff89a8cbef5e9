// Composition root: config → store → service → http → listen. The only module that knows every
// concrete class.
import type { FastifyInstance } from 'fastify'
import { createAuthSetup } from './auth/auth-setup.js'
import { loadSigningKey } from './auth/signing-key.js'
import { insecureListenRefusal } from './config/insecure-listen.js'
import { ConfigError } from './config/load.js'
import type { Config } from './config/schema.js'
import { defaultUsdRates } from './domain/registration/usd-rates.js'
import { buildApp } from './http/app.js'
import { randomIds } from './service/ids.js'
import { systemClock } from './service/ports.js'
import { SqliteReferralStore } from './store/sqlite/store.js'

export interface RunningServer {
  readonly app: FastifyInstance
  readonly url: string
  close(): Promise<void>
}

export async function startServer(config: Config): Promise<RunningServer> {
  const refusal = insecureListenRefusal(config)
  if (refusal) throw new ConfigError(refusal)
  const auth = await createAuthSetup({
    mode: config.auth,
    key: await loadSigningKey(config.dataDir), // the key `cosell token` signs with
    oidcIssuers: config.oidcIssuers,
    allowInsecure: config.allowInsecure,
  })
  const store = SqliteReferralStore.open(config.dataDir)
  try {
    const app = await buildApp(
      {
        store,
        clock: systemClock,
        ids: randomIds,
        rules: {
          requireContactConsent: config.requireContactConsent,
          requireMarketplaceIntent: config.requireMarketplaceIntent,
          usdRates: { ...defaultUsdRates, ...config.fxRates },
        },
      },
      { publicUrl: config.publicUrl, createStatus: config.createStatus, logLevel: config.logLevel, auth },
    )
    const url = await app.listen({ port: config.port, host: config.host })
    return {
      app,
      url,
      close: async () => {
        await app.close()
        await store.close()
      },
    }
  } catch (error) {
    await store.close()
    throw error
  }
}
