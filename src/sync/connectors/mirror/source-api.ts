// The source endpoint through the SDK, signed in as the settings say, and what its failures mean
// to the sync engine: throttling, 5xx and unreachable hosts are worth retrying later
// (CrmUnavailableError); any other refusal is not until someone fixes the settings (CrmRefusedError).
import {
  ApiError,
  HttpClient,
  ReferralsApi,
  TokenError,
  clientCredentials,
  type TokenProvider,
} from '../../../client/index.js'
import { readSecret } from '../../config/secret.js'
import type { ConnectorContext } from '../connector-type.js'
import { CrmRefusedError, CrmUnavailableError } from '../connector.js'
import { defaultAuthority, defaultBaseUrl, type MirrorAuth, type MirrorSettings } from './mirror-settings.js'

export function sourceApi(settings: MirrorSettings, context: ConnectorContext): ReferralsApi {
  const fetch = context.fetch ? { fetch: context.fetch } : {}
  const token = sourceToken(settings.auth, context)
  return new ReferralsApi(new HttpClient({ baseUrl: settings.baseUrl ?? defaultBaseUrl, token, ...fetch }))
}

function sourceToken(auth: MirrorAuth, context: ConnectorContext): TokenProvider {
  if ('token' in auth) return readSecret(auth.token, context.env, 'mirror.auth.token')
  const authority = (auth.authority ?? defaultAuthority).replace(/\/+$/, '')
  return clientCredentials({
    authority: `${authority}/${encodeURIComponent(auth.tenantId)}`,
    clientId: auth.clientId,
    clientSecret: readSecret(auth.clientSecret, context.env, 'mirror.auth.clientSecret'),
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  })
}

/** Runs one call to the source; its failure becomes the CRM error that says whether to retry. */
export async function fromSource<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw sourceError(what, error)
  }
}

function sourceError(what: string, error: unknown): Error {
  const message = `mirror: ${what}: ${error instanceof Error ? error.message : String(error)}`
  if (error instanceof ApiError) {
    if (error.status === 429 || error.status >= 500) {
      return new CrmUnavailableError(message, error.status, error.retryAfterMs)
    }
    return new CrmRefusedError(message, error.status, error.problems)
  }
  if (error instanceof TokenError) {
    const signIn = `mirror: signing in to the source: ${error.message}`
    return error.status >= 500
      ? new CrmUnavailableError(signIn, error.status)
      : new CrmRefusedError(signIn, error.status)
  }
  return new CrmUnavailableError(message) // fetch failed: refused connection, DNS, reset
}
