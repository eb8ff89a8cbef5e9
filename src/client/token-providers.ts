// Token providers that sign in against an Entra-like authority and keep the access token until
// shortly before it expires. One request for a new token is in flight at a time: calls made while
// it runs wait for its answer.
import { requestToken, type GrantedToken, type TokenEndpointOptions } from './token-endpoint.js'

export interface TokenCacheOptions {
  /** A token is renewed this long before it expires, in ms. Default 5 minutes. */
  readonly renewBeforeMs?: number
  /** Epoch milliseconds. Default Date.now. */
  readonly now?: () => number
}

export type ClientCredentialsOptions = TokenEndpointOptions &
  TokenCacheOptions & { readonly clientSecret: string }

export interface RefreshTokenOptions extends TokenEndpointOptions, TokenCacheOptions {
  /** The refresh token to start from (e.g. from a sign-in with `offline_access`). */
  readonly refreshToken: string
  /** Called with each new refresh token the authority sends (it rotates them): store it to sign in next time. */
  readonly onRefreshToken?: (refreshToken: string) => void | Promise<void>
}

/** An app's own token (`client_credentials`): for daemons and services acting as themselves. */
export function clientCredentials(options: ClientCredentialsOptions): () => Promise<string> {
  return cachedToken(() => requestToken(options, { grant_type: 'client_credentials' }), options)
}

/** A user's token renewed from a refresh token, which is replaced by each new one the authority sends. */
export function refreshToken(options: RefreshTokenOptions): () => Promise<string> {
  let current = options.refreshToken
  return cachedToken(async () => {
    const granted = await requestToken(options, { grant_type: 'refresh_token', refresh_token: current })
    if (granted.refreshToken !== undefined && granted.refreshToken !== current) {
      current = granted.refreshToken
      await options.onRefreshToken?.(current)
    }
    return granted
  }, options)
}

/** Keeps the token `grant` gives until `renewBeforeMs` before it expires; one grant in flight at a time. */
export function cachedToken(
  grant: () => Promise<GrantedToken>,
  options: TokenCacheOptions = {},
): () => Promise<string> {
  const now = options.now ?? Date.now
  const renewBeforeMs = options.renewBeforeMs ?? 300_000
  let cached: { token: string; renewAt: number } | undefined
  let inFlight: Promise<string> | undefined
  return () => {
    if (cached && now() < cached.renewAt) return Promise.resolve(cached.token)
    inFlight ??= grant()
      .then((granted) => {
        cached = { token: granted.accessToken, renewAt: now() + granted.expiresIn * 1000 - renewBeforeMs }
        return granted.accessToken
      })
      .finally(() => {
        inFlight = undefined
      })
    return inFlight
  }
}
