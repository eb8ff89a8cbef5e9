// Decides whether to believe a bearer token. cosell's own tokens (its key id in the header) are
// always checked against its key. Others are, in `verify` mode, checked against the configured
// OIDC issuers, RS256 or ES256 only, so `alg: none` and HS256 signed with a public key (algorithm
// confusion) fail; in `emulator` mode they are read unverified, as a sandbox convenience.
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose'
import type { Clock } from '../service/ports.js'
import { isCosellIssuerOf } from './issuer-url.js'
import type { OidcIssuers } from './oidc-issuers.js'
import { acceptedAudiences } from './partner-center.js'
import type { SigningKey } from './signing-key.js'

export const authModes = ['emulator', 'verify'] as const
export type AuthMode = (typeof authModes)[number]

/** How far token times may be off, as Microsoft.IdentityModel allows by default. */
export const clockSkewSeconds = 300
const algorithms = ['RS256', 'ES256']

export interface VerifiedToken {
  readonly claims: JWTPayload
  /** Signed by cosell, by a configured issuer, or taken on trust (emulator mode). */
  readonly trust: 'cosell' | 'issuer' | 'unverified'
}

export class TokenRejectedError extends Error {}

export interface TokenVerifierOptions {
  readonly mode: AuthMode
  readonly key: SigningKey
  readonly issuers: OidcIssuers
  readonly clock: Clock
}

export function createTokenVerifier(
  options: TokenVerifierOptions,
): (token: string) => Promise<VerifiedToken> {
  const { mode, key, issuers, clock } = options
  return async (token) => {
    const [header, claims] = decode(token)
    if (header.kid === key.kid) {
      const payload = await check(token, () => key.publicKey, clock)
      if (
        typeof payload.iss !== 'string' ||
        typeof payload.tid !== 'string' ||
        !isCosellIssuerOf(payload.iss, payload.tid)
      ) {
        throw new TokenRejectedError(
          `The token's issuer '${String(payload.iss)}' is not a cosell issuer of its tenant.`,
        )
      }
      return { claims: payload, trust: 'cosell' }
    }
    if (mode === 'emulator') return { claims, trust: 'unverified' }
    if (!algorithms.includes(String(header.alg))) {
      throw new TokenRejectedError(
        `Tokens signed with '${String(header.alg)}' are not accepted; use RS256 or ES256.`,
      )
    }
    const trusted = typeof claims.iss === 'string' ? await issuers.find(claims.iss, claims.tid) : undefined
    if (!trusted)
      throw new TokenRejectedError(
        `The token's issuer '${String(claims.iss)}' is not trusted by this server.`,
      )
    return { claims: await check(token, trusted.keys, clock, trusted.issuer), trust: 'issuer' }
  }
}

function decode(token: string): [ReturnType<typeof decodeProtectedHeader>, JWTPayload] {
  try {
    return [decodeProtectedHeader(token), decodeJwt(token)]
  } catch {
    throw new TokenRejectedError('The bearer token is not a well-formed JWT.')
  }
}

async function check(
  token: string,
  keys: JWTVerifyGetKey,
  clock: Clock,
  issuer?: string,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms,
      audience: [...acceptedAudiences],
      issuer,
      currentDate: clock.now(),
      clockTolerance: clockSkewSeconds,
      requiredClaims: ['exp'], // a token that never expires is a standing key, whoever signed it
    })
    return payload
  } catch (error) {
    throw new TokenRejectedError(reason(error))
  }
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet (nbf).'
    if (error.claim === 'aud')
      return `The token's audience is not ${acceptedAudiences[0]} or a Partner Center app id.`
    if (error.claim === 'iss') return "The token's issuer does not match."
    if (error.claim === 'exp' && error.reason === 'missing')
      return "The token has no expiry ('exp' claim); tokens that never expire are not accepted."
    return `The token's '${error.claim}' claim is not acceptable: ${error.reason}.`
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm that is not accepted.'
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The token is signed with a key its issuer does not publish.'
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature does not verify."
  return `The token could not be verified: ${error instanceof Error ? error.message : String(error)}`
}
