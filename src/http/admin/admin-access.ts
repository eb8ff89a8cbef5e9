// Who may call the admin API (`/_cosell/…`, never under Microsoft's paths): a caller presenting the
// configured admin token, or, in emulator mode, any client on the loopback interface.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { CosellError } from '../../domain/errors.js'

export interface AdminAccessOptions {
  /** COSELL_ADMIN_TOKEN; null when none is configured. */
  readonly adminToken: string | null
  /** True in emulator mode: loopback clients need no token. */
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
  if (presented !== undefined && options.adminToken !== null && same(presented, options.adminToken)) return
  if (options.trustLoopback && isLoopback(request.socket.remoteAddress)) return
  if (presented === undefined) {
    throw new CosellError(
      'unauthenticated',
      'The admin API needs Authorization: Bearer <COSELL_ADMIN_TOKEN>' +
        (options.trustLoopback ? ', or a client on the loopback interface.' : '.'),
      'Authorization',
    )
  }
  throw new CosellError(
    'accessDenied',
    'The bearer token is not the admin token (COSELL_ADMIN_TOKEN).',
    'Authorization',
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
