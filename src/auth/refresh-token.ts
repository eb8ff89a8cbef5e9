// Refresh tokens are cosell-signed JWTs that carry the principal, so a refresh needs no server
// state; clients treat them as opaque, as they must Entra's. A distinct audience and `typ` keep
// a refresh token from passing as an access token and the other way round.
import { errors, jwtVerify } from 'jose'
import { oauthErrors } from './oauth-error.js'
import { issuerUrl, type TokenVersion } from './issuer-url.js'
import { sign, type Principal } from './issue-token.js'
import { rolesOfClaim } from './roles.js'
import { signingAlgorithm, type SigningKey } from './signing-key.js'

const audience = 'urn:cosell:refresh-token'
const typ = 'cosell-rt+jwt'
export const refreshTokenLifetime = 90 * 24 * 3600 // Entra's default inactivity window

export function issueRefreshToken(
  key: SigningKey,
  principal: Principal,
  issuerBase: string,
  version: TokenVersion,
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000)
  return sign(
    key,
    {
      aud: audience,
      iss: issuerUrl(issuerBase, principal.tenantId, version),
      iat,
      exp: iat + refreshTokenLifetime,
      sub: principal.objectId,
      tid: principal.tenantId,
      azp: principal.clientId,
      ...(principal.username === undefined ? {} : { upn: principal.username }),
      ...(principal.name === undefined ? {} : { name: principal.name }),
      ...(principal.roles && principal.roles.length > 0 ? { roles: [...principal.roles] } : {}),
    },
    typ,
  )
}

/** The principal of a refresh token cosell issued, or the OAuthError Entra would answer. */
export async function readRefreshToken(key: SigningKey, token: string, now: Date): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [signingAlgorithm],
      audience,
      typ,
      currentDate: now,
      requiredClaims: ['sub', 'tid', 'azp', 'exp'],
    })
    return {
      tenantId: String(payload.tid),
      objectId: String(payload.sub),
      clientId: String(payload.azp),
      ...(typeof payload.upn === 'string' ? { username: payload.upn } : {}),
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
      roles: rolesOfClaim(payload.roles),
    }
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw oauthErrors.expiredRefreshToken()
    throw oauthErrors.malformedRefreshToken()
  }
}
