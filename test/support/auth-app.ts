// A cosell app with a chosen auth setup (mode, signing key, trusted OIDC issuers), on a private
// in-memory store, for the sign-in and token-checking tests; and helpers to call the token
// endpoints and the Referrals API with a token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { createAuthSetup, type AuthSetup, type AuthSetupOptions } from '../../src/auth/auth-setup.js'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import { buildApp } from '../../src/http/app.js'
import { randomIds } from '../../src/service/ids.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { ManualClock } from './test-app.js'

export interface AuthTestApp {
  readonly app: FastifyInstance
  readonly auth: AuthSetup
  readonly store: SqliteReferralStore
  close(): Promise<void>
}

export async function makeAuthTestApp(
  options: AuthSetupOptions & { publicUrl?: string; https?: { cert: string; key: string } } = {},
): Promise<AuthTestApp> {
  const store = SqliteReferralStore.open(':memory:')
  const auth = await createAuthSetup({ directory: store, ...options })
  const app = await buildApp(
    { store, clock: new ManualClock(), ids: randomIds, rules: defaultRuleOptions },
    {
      publicUrl: options.publicUrl ?? null,
      createStatus: 200,
      logLevel: 'silent',
      auth,
      ...(options.https ? { https: options.https } : {}),
    },
  )
  return {
    app,
    auth,
    store,
    close: async () => {
      await app.close()
      await store.close()
    },
  }
}

export const formContentType = 'application/x-www-form-urlencoded;charset=utf-8'

/** POSTs a token request form, as MSAL and ADAL send it. */
export function postForm(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': formContentType, ...headers },
    payload: new URLSearchParams(fields).toString(),
  })
}

/** GET /v1.0/engagements/referrals with a bearer token. */
export function listWithToken(app: FastifyInstance, token: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'GET',
    url: '/v1.0/engagements/referrals',
    headers: { authorization: `Bearer ${token}` },
  })
}
