// The bearer token a CRM connector sends: a fixed one (HubSpot's private app token) or one an
// OAuth 2.0 token endpoint grants, kept until shortly before it expires and renewed at once when
// the CRM answers 401 (a token revoked or expired early).
import { cachedToken } from '../../../client/token-providers.js'
import type { GrantedToken } from '../../../client/token-endpoint.js'

export interface BearerToken {
  get(): Promise<string>
  /** Drops the current token so the next `get` asks for a new one; false when it cannot be renewed. */
  renew(): boolean
}

export function fixedToken(token: string): BearerToken {
  return { get: () => Promise.resolve(token), renew: () => false }
}

/** A token from `grant`, cached as `cachedToken` does (one grant in flight at a time). */
export function grantedToken(grant: () => Promise<GrantedToken>): BearerToken {
  let current = cachedToken(grant)
  return {
    get: () => current(),
    renew: () => {
      current = cachedToken(grant)
      return true
    },
  }
}
