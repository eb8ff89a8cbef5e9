// Who may call the admin API (`/_cosell/…`, never under Microsoft's paths): when an admin token is
// configured, only a caller presenting it, loopback included; otherwise, in emulator mode, a
// client on the loopback interface whose request was not forwarded by a proxy (behind a reverse
// proxy on the same host every outside client would look like loopback).
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { CosellError } from '../../domain/errors.js'

export interface AdminAccessOptions {
  /** COSELL_ADMIN_TOKEN; null when none is configured. */
  readonly adminToken: string | null
  /** True in emulator mode: with no admin token configured, direct loopback clients need none. */
  readonly trustLoopback: boolean
}

export function adminAccess(options: AdminAccessOptions) {
  return (request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void => {
    try {
      check(request, options)
      done()
    } catch (error) {
      done(error as Error)
    }
  }
}

function check(request: FastifyRequest, options: AdminAccessOptions): void {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]
  if (options.adminToken !== null) {
    if (presented !== undefined && same(presented, options.adminToken)) return
  } else if (options.trustLoopback && isDirectLoopback(request)) return
  if (presented === undefined) {
    throw new CosellError('unauthenticated', `The admin API needs ${howToEnter(options)}`, 'Authorization')
  }
  const why =
    options.adminToken !== null
      ? 'The bearer token is not the admin token (COSELL_ADMIN_TOKEN).'
      : `The admin API needs ${howToEnter(options)}`
  throw new CosellError('accessDenied', why, 'Authorization')
}

function howToEnter(options: AdminAccessOptions): string {
  if (options.adminToken !== null) return 'Authorization: Bearer <COSELL_ADMIN_TOKEN>, from every client.'
  if (options.trustLoopback)
    return 'a client on the loopback interface, not forwarded by a proxy (or set COSELL_ADMIN_TOKEN and send it as a bearer token).'
  return 'Authorization: Bearer <COSELL_ADMIN_TOKEN>; this server has none configured, so its admin API is closed.'
}

/** Headers a proxy adds: a request carrying any of them came from somewhere else. */
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const

function isDirectLoopback(request: FastifyRequest): boolean {
  return (
    isLoopback(request.socket.remoteAddress) &&
    forwardingHeaders.every((name) => request.headers[name] === undefined)
  )
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function isLoopback(address: string | undefined): boolean {
  return (
    address !== undefined &&
    (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'))
  )
}
