// What a token request asks for, read from its form fields the way Entra reads them: the v1
// endpoint names the API in `resource`, the v2 endpoint in `scope`
// (`https://api.partner.microsoft.com/.default openid offline_access`).
import { canonicalAudience, type Audiences } from './audiences.js'
import { oauthErrors } from './oauth-error.js'
import type { TokenVersion } from './issuer-url.js'
import { oidcScopes, partnerCenterResource, resourceOfScope } from './partner-center.js'

export type FormFields = Readonly<Record<string, string | undefined>>

export interface RequestedAccess {
  /** The resource as the client named it (v1 answers with it). */
  readonly resource: string
  /** The scopes that name the resource, as sent; empty on v1 or when only OIDC scopes came. */
  readonly resourceScopes: readonly string[]
  readonly idToken: boolean
  readonly refreshToken: boolean
}

/** What the resource must be: one of the accepted audiences, `ownBase` being cosell's base URL. */
export interface ResourceRule {
  readonly audiences: Audiences
  readonly ownBase: string
}

/** Reads `resource`/`scope`. With only OIDC scopes (or none, on a refresh) the API is Partner Center. */
export function requestedAccess(
  fields: FormFields,
  version: TokenVersion,
  scopeRequired: boolean,
  { audiences, ownBase }: ResourceRule,
): RequestedAccess {
  const scope = fields.scope?.trim() ?? ''
  if (version === '2.0' && scope === '' && scopeRequired) throw oauthErrors.missingParameter('scope')
  const scopes = scope.split(/\s+/).filter((s) => s !== '')
  const resourceScopes = scopes.filter((s) => !oidcScopes.has(s.toLowerCase()))
  const resources = [...new Set(resourceScopes.map((s) => canonicalAudience(resourceOfScope(s))))]
  if (resources.length > 1) throw oauthErrors.invalidScope(scope)
  const resource =
    (version === '1.0' ? fields.resource?.trim() : undefined) || resourceScopes.map(resourceOfScope)[0]
  if (resource !== undefined && !audiences.accepts(resource, ownBase))
    throw oauthErrors.resourceNotFound(resource, audiences.list(ownBase))
  const lower = scopes.map((s) => s.toLowerCase())
  return {
    resource: resource?.trim() ?? partnerCenterResource,
    resourceScopes,
    idToken: lower.includes('openid'),
    // v1 always hands out a refresh token for a user; v2 only when asked for offline_access
    refreshToken: version === '1.0' || lower.includes('offline_access'),
  }
}
