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
import type { Audiences } from './audiences.js'
import { isCosellIssuerOf } from './issuer-url.js'
import type { OidcIssuers } from './oidc-issuers.js'
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
  readonly audiences: Audiences
}

/** Checks a token presented to the API at `ownBase` (cosell's base URL, one of the audiences). */
export type TokenVerifier = (token: string, ownBase: string) => Promise<VerifiedToken>

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { mode, key, issuers, clock } = options
  return async (token, ownBase) => {
    const [header, claims] = decode(token)
    const audience = { audiences: options.audiences, ownBase }
    if (header.kid === key.kid) {
      const payload = await check(token, () => key.publicKey, clock, audience)
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
    return { claims: await check(token, trusted.keys, clock, audience, trusted.issuer), trust: 'issuer' }
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
  { audiences, ownBase }: { audiences: Audiences; ownBase: string },
  issuer?: string,
): Promise<JWTPayload> {
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, keys, {
      algorithms,
      issuer,
      currentDate: clock.now(),
      clockTolerance: clockSkewSeconds,
      requiredClaims: ['exp'], // a token that never expires is a standing key, whoever signed it
    }))
  } catch (error) {
    throw new TokenRejectedError(reason(error))
  }
  // checked here, not by jose: an audience matches in any spelling of it (audiences.ts)
  const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? [])
  if (!aud.some((a) => audiences.accepts(a, ownBase)))
    throw new TokenRejectedError(
      `The token's audience '${aud.join(' ')}' is not accepted here; accepted: ${audiences.list(ownBase).join(', ')}.`,
    )
  return payload
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet (nbf).'
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
