// Bearer tokens (the documented sign-in). The auth setup decides whether to believe a token
// (auth/verify-token.ts: cosell's own tokens always verified; in `emulator` mode any other
// well-formed JWT read unverified, in `verify` mode only tokens of the configured OIDC issuers).
// Then the token's `tid` names the organisation, created on first use, and
// `upn`/`unique_name`/`preferred_username`/`oid` names the user.
import type { FastifyRequest } from 'fastify'
import type { AuthSetup } from '../auth/auth-setup.js'
import { CallerCache } from './caller-cache.js'
import { publicBaseUrl } from './public-url.js'
import { IssuerUnavailableError } from '../auth/oidc-issuers.js'
import { rolesOfClaim, type CosellRole } from '../auth/roles.js'
import { TokenRejectedError, type VerifiedToken } from '../auth/verify-token.js'
import { CosellError } from '../domain/errors.js'
import { isAdmin, tenantIdPattern, type Role } from '../domain/organization/organization.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import { newOrganizationDefaults } from '../service/manage-directory.js'
import type { Caller } from '../service/deps.js'
import type { Clock } from '../service/ports.js'
import type { ReferralStore } from '../store/referral-store.js'

/** What the token says about the caller, for authorisation to build on. */
export interface Identity {
  readonly tenantId: string
  readonly user: string
  readonly name: string | undefined
  /** cosell roles from the token's `roles` claim; empty when it names none. */
  readonly roles: readonly CosellRole[]
  readonly trust: VerifiedToken['trust']
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined
    identity: Identity | undefined
  }
}

const tenantId = new RegExp(tenantIdPattern)
const reserved = new Set(['msft']) // Microsoft's own organisation id in invitedBy

export function authenticator(
  store: ReferralStore,
  clock: Clock,
  auth: AuthSetup,
  publicUrl: string | null,
  cache = new CallerCache(),
) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization)
    const ownBase = publicBaseUrl(publicUrl, request) // cosell's own URL is an accepted audience
    const cacheKey = `${ownBase} ${token}`
    const wallNow = auth.clock.now().getTime() // token lifetimes are wall time, as clients judge them
    const known = cache.get(cacheKey, wallNow)
    if (known) {
      request.identity = known.identity
      request.caller = known.caller
      return
    }
    const { claims, trust } = await verify(auth, token, ownBase)
    const tid = claims.tid
    if (typeof tid !== 'string' || !tenantId.test(tid) || reserved.has(tid.toLowerCase())) {
      throw unauthenticated(
        "The token has no usable 'tid' claim (the Entra tenant id of the partner organisation).",
      )
    }
    const id = tid.toLowerCase()
    const organization = await store.organization(id, () => newOrganizationDefaults(id, clock.now()))
    const named = [claims.upn, claims.unique_name, claims.preferred_username, claims.oid]
    const user = named.find((v): v is string => typeof v === 'string' && v !== '') ?? 'unknown'
    const name = typeof claims.name === 'string' ? claims.name : undefined
    const roles = rolesOfClaim(claims.roles)
    request.identity = { tenantId: id, user, name, roles, trust }
    const role = await resolveRole(store, clock, {
      organizationId: id,
      email: user.toLowerCase(),
      name,
      roles,
    })
    request.caller = { organization, user, email: user.toLowerCase(), role }
    cache.set(
      cacheKey,
      request.caller,
      request.identity,
      wallNow,
      typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
    )
  }
}

/**
 * The caller's role: the token's `roles` claim when it names one (so one token can say who the
 * caller is), else the user directory, else Referral Admin. A user unknown to the directory is
 * added on first use, as organisations are.
 */
async function resolveRole(
  store: ReferralStore,
  clock: Clock,
  who: { organizationId: string; email: string; name: string | undefined; roles: readonly Role[] },
): Promise<Role> {
  const claimed = who.roles.find(isAdmin) ?? who.roles[0]
  const known = await store.getUser(who.organizationId, who.email)
  if (known) return claimed ?? known.role
  const role = claimed ?? 'Referral Admin'
  await store.saveUser({
    organizationId: who.organizationId,
    email: who.email,
    name: who.name ?? '',
    role,
    createdDateTime: formatServerDateTime(clock.now()),
  })
  return role
}

async function verify(auth: AuthSetup, token: string, ownBase: string): Promise<VerifiedToken> {
  try {
    return await auth.verify(token, ownBase)
  } catch (error) {
    if (error instanceof TokenRejectedError) throw unauthenticated(error.message)
    if (error instanceof IssuerUnavailableError)
      throw new CosellError('serviceNotAvailable', error.message, 'Authorization')
    throw error
  }
}

function bearerToken(header: string | undefined): string {
  if (!header)
    throw unauthenticated('The Authorization header is missing; send Authorization: Bearer <token>.')
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw unauthenticated('The Authorization header must be Bearer <token>.')
  return match[1]!
}

function unauthenticated(message: string): CosellError {
  return new CosellError('unauthenticated', message, 'Authorization')
}
