// The token endpoint's use case: run one grant (password, client_credentials, refresh_token) and
// answer as Entra ID does. cosell is a sandbox: any username, password or client secret is
// accepted; a refresh token must be one cosell signed.
import type { AuthSetup } from './auth-setup.js'
import type { TokenVersion } from './issuer-url.js'
import {
  accessTokenClaims,
  defaultAccessTokenLifetime,
  issueIdToken,
  sign,
  type IssueOptions,
  type Principal,
} from './issue-token.js'
import { oauthErrors } from './oauth-error.js'
import { tenantOfSignIn } from './home-tenant.js'
import { delegatedScope } from './partner-center.js'
import { issueRefreshToken, readRefreshToken } from './refresh-token.js'
import { isMultiTenant, objectIdOf, tenantOfPath } from './tenant.js'
import { requestedAccess, type FormFields, type RequestedAccess } from './token-request.js'

export interface TokenRequest {
  /** The `{tenant}` of the URL: a tenant id, a domain, `common` or `organizations`. */
  readonly tenant: string
  readonly version: TokenVersion
  readonly fields: FormFields
  /** Client id and secret from an `Authorization: Basic` header (client_secret_basic). */
  readonly basic?: { readonly id: string; readonly secret: string }
  readonly issuerBase: string
}

export type TokenResponse = Record<string, string | number>

const grants = ['password', 'client_credentials', 'refresh_token'] as const
type Grant = (typeof grants)[number]

export async function grantToken(setup: AuthSetup, request: TokenRequest): Promise<TokenResponse> {
  const { fields } = request
  const grant = required(fields, 'grant_type') as Grant
  if (!grants.includes(grant)) throw oauthErrors.unsupportedGrant(grant)
  if (!setup.signIn) throw oauthErrors.signInOff(grant)
  const clientId = fields.client_id ?? request.basic?.id ?? required(fields, 'client_id')
  const asked = requestedAccess(fields, request.version, grant !== 'refresh_token', {
    audiences: setup.audiences,
    ownBase: request.issuerBase,
  })
  switch (grant) {
    case 'password': {
      const username = required(fields, 'username')
      required(fields, 'password')
      const tenantId = await tenantOfSignIn(setup.directory, request.tenant, username)
      const principal = {
        tenantId,
        objectId: objectIdOf(tenantId, username),
        clientId,
        username,
        name: displayName(username),
      }
      return answer(setup, request, asked, principal)
    }
    case 'client_credentials': {
      if (!fields.client_secret && !fields.client_assertion && !request.basic)
        throw oauthErrors.missingClientSecret()
      if (isMultiTenant(request.tenant)) throw oauthErrors.noTenantInformation()
      const scope = asked.resourceScopes[0]
      if (request.version === '2.0' && (scope === undefined || !scope.endsWith('/.default'))) {
        throw oauthErrors.clientCredentialScope(fields.scope ?? '')
      }
      const tenantId = tenantOfPath(request.tenant)!
      const app = { tenantId, objectId: objectIdOf(tenantId, `app:${clientId}`), clientId }
      return answer(setup, request, { ...asked, idToken: false, refreshToken: false }, app)
    }
    case 'refresh_token': {
      // the tenant of the original sign-in, as Entra's refresh tokens are bound to it
      const principal = await readRefreshToken(
        setup.key,
        required(fields, 'refresh_token'),
        setup.clock.now(),
      )
      if (principal.clientId.toLowerCase() !== clientId.toLowerCase())
        throw oauthErrors.refreshTokenOfAnotherClient()
      return answer(setup, request, { ...asked, refreshToken: true }, principal)
    }
  }
}

async function answer(
  setup: AuthSetup,
  request: TokenRequest,
  asked: RequestedAccess,
  principal: Principal,
): Promise<TokenResponse> {
  const now = setup.clock.now()
  const options: IssueOptions = {
    principal,
    issuerBase: request.issuerBase,
    version: request.version,
    now,
    lifetimeSeconds: defaultAccessTokenLifetime,
    audience: asked.resource,
  }
  const claims = accessTokenClaims(options)
  const user = principal.username !== undefined
  const lifetime = defaultAccessTokenLifetime
  const tokens: Record<string, string> = { access_token: await sign(setup.key, claims) }
  if (user && asked.refreshToken) {
    tokens.refresh_token = await issueRefreshToken(
      setup.key,
      principal,
      request.issuerBase,
      request.version,
      now,
    )
  }
  if (user && asked.idToken) tokens.id_token = await issueIdToken(setup.key, options)
  if (user && request.fields.client_info === '1') tokens.client_info = clientInfo(principal)
  const granted: TokenResponse = {}
  if (user) granted.scope = request.version === '1.0' ? delegatedScope : grantedScopes(asked)
  if (request.version === '2.0') {
    return { token_type: 'Bearer', ...granted, expires_in: lifetime, ext_expires_in: lifetime, ...tokens }
  }
  // v1 answers every number as a string (the documented sign-in: "expires_in":"3600")
  return {
    token_type: 'Bearer',
    ...granted,
    expires_in: String(lifetime),
    ext_expires_in: String(lifetime),
    expires_on: String(claims.exp),
    not_before: String(claims.nbf),
    resource: asked.resource,
    ...tokens,
  }
}

/** The delegated permission, and the scopes as asked, so MSAL's cache finds the token again by them. */
function grantedScopes(asked: RequestedAccess): string {
  return [...new Set([...asked.resourceScopes, `${asked.resource}/${delegatedScope}`])].join(' ')
}

function required(fields: FormFields, name: string): string {
  const value = fields[name]
  if (value === undefined || value === '') throw oauthErrors.missingParameter(name)
  return value
}

/** Entra's `client_info` (MSAL asks with client_info=1): the account's object and tenant ids. */
function clientInfo(principal: Principal): string {
  return Buffer.from(JSON.stringify({ uid: principal.objectId, utid: principal.tenantId })).toString(
    'base64url',
  )
}

/** "john.smith@contoso.com" → "John Smith": a stand-in for the directory's display name. */
function displayName(username: string): string {
  const local = username.split('@')[0] ?? username
  return local
    .split(/[._-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ')
}
