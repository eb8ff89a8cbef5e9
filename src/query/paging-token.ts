// $skiptoken: an opaque, tamper-evident, keyset cursor. It carries the last row's order-key values
// (as the database returned them), how many rows were served so far (so $top can span pages) and
// a fingerprint of the query it belongs to, signed with HMAC-SHA256 under the caller's key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { fail, ok, problem, type Result } from './problem.js'
import type { Cursor, CursorValue } from './plan.js'

export type SigningKey = string | Uint8Array

const version = 1
const option = '$skiptoken'

/** A short digest of everything a token must agree with: filter, order, $top, $skip, scope. */
export function queryFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22)
}

export function encodeSkipToken(cursor: Cursor, fingerprint: string, key: SigningKey): string {
  const payload = Buffer.from(
    JSON.stringify({ v: version, f: fingerprint, k: cursor.keys, n: cursor.served }),
  ).toString('base64url')
  return `${payload}.${sign(payload, key)}`
}

/** Never throws: a forged, damaged or foreign token is a problem for the client. */
export function decodeSkipToken(
  token: string,
  fingerprint: string,
  key: SigningKey,
  keyCount: number,
): Result<Cursor> {
  const invalid = fail<Cursor>([
    problem(option, 'not a token this service issued; follow @odata.nextLink exactly as returned'),
  ])
  const [payload, signature, extra] = token.split('.')
  if (payload === undefined || signature === undefined || extra !== undefined) return invalid
  const expected = Buffer.from(sign(payload, key))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return invalid
  }
  if (!isBody(body) || body.v !== version || body.k.length !== keyCount) return invalid
  if (body.f !== fingerprint) {
    return fail([
      problem(
        option,
        'the token belongs to a different $filter, $orderby, $top or $skip; keep the options of the request that returned it',
      ),
    ])
  }
  return ok({ keys: body.k, served: body.n })
}

function sign(payload: string, key: SigningKey): string {
  return createHmac('sha256', key).update(`cosell-skiptoken.${payload}`).digest('base64url')
}

type Body = { v: number; f: string; k: CursorValue[]; n: number }

function isBody(value: unknown): value is Body {
  if (typeof value !== 'object' || value === null) return false
  const body = value as Partial<Body>
  return (
    typeof body.v === 'number' &&
    typeof body.f === 'string' &&
    Array.isArray(body.k) &&
    body.k.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item)) &&
    Number.isSafeInteger(body.n) &&
    (body.n ?? -1) >= 0
  )
}

/** A k-column value as a driver returned it, in the token's terms. */
export function cursorValue(value: unknown): CursorValue {
  if (typeof value === 'bigint') return Number(value)
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  if (value === undefined) throw new Error('an order-key column (k0, k1, …) is missing from the row')
  throw new Error(`unexpected order-key value of type ${typeof value}`)
}
