// Signs the access and ID tokens cosell's token endpoints and `cosell token` hand out: RS256
// JWTs with the claims Entra ID puts in Partner Center tokens, v1 or v2 flavoured.
import { randomBytes } from 'node:crypto'
import { SignJWT, type JWTPayload } from 'jose'
import { issuerUrl, type TokenVersion } from './issuer-url.js'
import { delegatedScope, partnerCenterResource } from './partner-center.js'
import type { CosellRole } from './roles.js'
import { signingAlgorithm, type SigningKey } from './signing-key.js'
import { stableGuid } from './tenant.js'

/** Who a token is about: a user, or an app when `username` is absent (client credentials). */
export interface Principal {
  readonly tenantId: string
  readonly objectId: string
  readonly clientId: string
  readonly username?: string
  readonly name?: string
  readonly roles?: readonly CosellRole[]
}

export interface IssueOptions {
  readonly principal: Principal
  /** The public URL or the scheme and host the client called, without a trailing slash. */
  readonly issuerBase: string
  readonly version: TokenVersion
  readonly now: Date
  readonly lifetimeSeconds: number
  /** The resource as the client asked for it (Entra's `aud`); default Partner Center's URI. */
  readonly audience?: string
}

export const defaultAccessTokenLifetime = 3600

export function accessTokenClaims(options: IssueOptions): JWTPayload {
  const { principal: p, version } = options
  const user = p.username === undefined ? {} : userClaims(p, version)
  return {
    aud: options.audience ?? partnerCenterResource,
    ...times(options),
    ...(version === '1.0' ? { appid: p.clientId } : { azp: p.clientId }),
    idtyp: p.username === undefined ? 'app' : 'user',
    ...user,
    ...(p.username === undefined ? {} : { scp: delegatedScope }),
    ...(p.roles && p.roles.length > 0 ? { roles: [...p.roles] } : {}),
    oid: p.objectId,
    sub: stableGuid('cosell-sub', p.objectId, p.clientId),
    tid: p.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: version,
  }
}

export function issueAccessToken(key: SigningKey, options: IssueOptions): Promise<string> {
  return sign(key, accessTokenClaims(options))
}

/** The OpenID Connect ID token for `openid`: audience is the client, not the API. */
export function issueIdToken(key: SigningKey, options: IssueOptions): Promise<string> {
  const { principal: p, version } = options
  return sign(key, {
    aud: p.clientId,
    ...times(options),
    ...(p.username === undefined ? {} : userClaims(p, version)),
    oid: p.objectId,
    sub: stableGuid('cosell-sub', p.objectId, p.clientId),
    tid: p.tenantId,
    ver: version,
  })
}

export function sign(key: SigningKey, claims: JWTPayload, typ = 'JWT'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signingAlgorithm, typ, kid: key.kid })
    .sign(key.privateKey)
}

function times({ principal, issuerBase, version, now, lifetimeSeconds }: IssueOptions): JWTPayload {
  const iat = Math.floor(now.getTime() / 1000)
  return {
    iss: issuerUrl(issuerBase, principal.tenantId, version),
    iat,
    nbf: iat,
    exp: iat + lifetimeSeconds,
  }
}

function userClaims(p: Principal, version: TokenVersion): JWTPayload {
  const name = p.name ?? p.username
  return version === '1.0'
    ? { amr: ['pwd'], name, unique_name: p.username, upn: p.username }
    : { name, preferred_username: p.username, upn: p.username }
}
