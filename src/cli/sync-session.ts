// Everything one sync command works with, opened from its configuration file: the Referrals side
// (signed in as the file says, else as the CLI's connection), the CRM connector, the state and
// the mapping. The Referrals client names its calls `x-cosell-channel: sync`.
import { HttpClient, type TokenProvider } from '../client/client.js'
import { emulatorToken } from '../client/emulator-token.js'
import { ReferralsApi } from '../client/referrals.js'
import { clientCredentials } from '../client/token-providers.js'
import { readSecret } from '../sync/config/secret.js'
import type { ReferralsSettings } from '../sync/config/sync-config.js'
import { loadSyncConfig, type LoadedSyncConfig } from '../sync/config/load-sync-config.js'
import type { CrmConnector } from '../sync/connectors/connector.js'
import { ReferralSide } from '../sync/referral-side.js'
import { openSyncState } from '../sync/state/open-state.js'
import type { SyncState } from '../sync/state/sync-state.js'
import { connectionOf, type ConnectionFlags } from './connection.js'
import { reachingFetch } from './unreachable.js'

export interface SyncFlags extends ConnectionFlags {
  readonly config: string
}

export interface SyncSession {
  readonly loaded: LoadedSyncConfig
  readonly http: HttpClient
  readonly referrals: ReferralSide
  readonly connector: CrmConnector
  readonly state: SyncState
  close(): Promise<void>
}

export async function openSyncSession(
  flags: SyncFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SyncSession> {
  const loaded = loadSyncConfig(flags.config)
  const http = referralsClient(loaded.config.referrals ?? {}, flags, env)
  const state = await openSyncState(loaded.state, loaded.config.name)
  let connector: CrmConnector
  try {
    connector = await loaded.connectorType.open(loaded.settings, { env, baseDir: loaded.baseDir })
  } catch (error) {
    await state.close()
    throw error
  }
  return {
    loaded,
    http,
    referrals: new ReferralSide(new ReferralsApi(http), loaded.config.referrals?.filter),
    connector,
    state,
    close: async () => {
      await connector.close()
      await state.close()
    },
  }
}

/** Only the state and the mapping: for `status` and `retry`, which need neither side. */
export async function openSyncStateOnly(
  flags: SyncFlags,
): Promise<{ loaded: LoadedSyncConfig; state: SyncState }> {
  const loaded = loadSyncConfig(flags.config)
  return { loaded, state: await openSyncState(loaded.state, loaded.config.name) }
}

function referralsClient(
  settings: ReferralsSettings,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
): HttpClient {
  const connection = connectionOf(
    { ...flags, ...(settings.url && !flags.url ? { url: settings.url } : {}) },
    env,
  )
  const controller = new AbortController()
  return new HttpClient({
    baseUrl: connection.url,
    token: tokenOf(settings, connection, env),
    signal: controller.signal,
    fetch: reachingFetch(connection.url, controller),
    channel: 'sync',
  })
}

function tokenOf(
  settings: ReferralsSettings,
  connection: ReturnType<typeof connectionOf>,
  env: NodeJS.ProcessEnv,
): TokenProvider {
  if (settings.token !== undefined) return readSecret(settings.token, env, 'referrals.token')
  const app = settings.clientCredentials
  if (app) {
    return clientCredentials({
      authority: `${(app.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '')}/${app.tenantId}`,
      clientId: app.clientId,
      clientSecret: readSecret(app.clientSecret, env, 'referrals.clientCredentials.clientSecret'),
      ...(app.scope ? { scope: app.scope } : {}),
    })
  }
  return connection.token ?? emulatorToken({ tid: connection.tenant, upn: connection.user })
}
