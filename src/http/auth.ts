// Bearer tokens in the default emulator mode (spec §3): the signature is not checked; the
// token's `tid` names the organisation, created on first use, and `upn`/`unique_name`/`oid`
// names the user. Verified tokens and roles come with the tenancy work.
import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { decodeJwt, type JWTPayload } from 'jose'
import { CosellError } from '../domain/errors.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { Caller } from '../service/deps.js'
import type { Clock } from '../service/ports.js'
import type { ReferralStore } from '../store/referral-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined
  }
}

const tenantId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const reserved = new Set(['msft']) // Microsoft's own organisation id in invitedBy

export function authenticator(store: ReferralStore, clock: Clock) {
  return async (request: FastifyRequest): Promise<void> => {
    const claims = readClaims(request.headers.authorization)
    const tid = claims.tid
    if (typeof tid !== 'string' || !tenantId.test(tid) || reserved.has(tid.toLowerCase())) {
      throw unauthenticated(
        "The token has no usable 'tid' claim (the Entra tenant id of the partner organisation).",
      )
    }
    const id = tid.toLowerCase()
    const organization = await store.organization(id, () => ({
      name: `Partner ${id.slice(0, 8)}`,
      mpnId: mpnIdFor(id),
      createdDateTime: formatServerDateTime(clock.now()),
    }))
    const user = [claims.upn, claims.unique_name, claims.oid].find(
      (v): v is string => typeof v === 'string' && v !== '',
    )
    request.caller = { organization, user: user ?? 'unknown' }
  }
}

function readClaims(header: string | undefined): JWTPayload {
  if (!header)
    throw unauthenticated('The Authorization header is missing; send Authorization: Bearer <token>.')
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw unauthenticated('The Authorization header must be Bearer <token>.')
  try {
    return decodeJwt(match[1]!)
  } catch {
    throw unauthenticated('The bearer token is not a well-formed JWT.')
  }
}

function unauthenticated(message: string): CosellError {
  return new CosellError('unauthenticated', message, 'Authorization')
}

/** A stable 7-digit partner (MPN) id for a tenant, like the observed `"4863040"`. */
function mpnIdFor(tenant: string): string {
  const n = createHash('sha256').update(tenant).digest().readUInt32BE(0)
  return String(1_000_000 + (n % 9_000_000))
}
