// Requests against the Referrals API through inject(), as a client written from Microsoft's docs
// sends them, plus the few reads the HTTP suites repeat.
import assert from 'node:assert/strict'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Referral } from '../../src/domain/referral/schema.js'
import { partnerLedCreate } from './fixtures.js'
import { authHeader, tenantA } from './tokens.js'

export const collectionUrl = '/v1.0/engagements/referrals'
export const itemUrl = (id: string): string => `${collectionUrl}/${id}`

/** A referral as GET by id answers it: the entity context comes first (the documented get). */
export type ReferralEntity = Referral & { '@odata.context': string }

export interface ListEnvelope {
  '@odata.context': string
  '@odata.count': number
  value: Referral[]
  '@odata.nextLink'?: string
}

export interface JsonPatchOperation {
  op: string
  path: string
  value?: unknown
}

/** A JSON Patch `replace`, the operation most documented PATCH samples use. */
export const replace = (path: string, value: unknown): JsonPatchOperation => ({ op: 'replace', path, value })

type Headers = Record<string, string>

export function send(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  options: { body?: unknown; headers?: Headers; tid?: string } = {},
): Promise<LightMyRequestResponse> {
  const { body, headers = {}, tid = tenantA } = options
  return app.inject({
    method,
    url,
    headers: {
      ...authHeader(tid),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
}

export function postReferral(
  app: FastifyInstance,
  body: unknown = partnerLedCreate(),
  tid = tenantA,
): Promise<LightMyRequestResponse> {
  return send(app, 'POST', collectionUrl, { body, tid })
}

/** Creates a referral and requires the documented 200. */
export async function createReferral(
  app: FastifyInstance,
  body: unknown = partnerLedCreate(),
  tid = tenantA,
): Promise<Referral> {
  const res = await postReferral(app, body, tid)
  assert.equal(res.statusCode, 200, `create answered ${res.statusCode}: ${res.body}`)
  return res.json<Referral>()
}

/** GET by id, requiring 200; `etag` is the ETag response header. */
export async function readReferral(
  app: FastifyInstance,
  id: string,
  tid = tenantA,
): Promise<{ referral: ReferralEntity; etag: string }> {
  const res = await send(app, 'GET', itemUrl(id), { tid })
  assert.equal(res.statusCode, 200, `GET by id answered ${res.statusCode}: ${res.body}`)
  return { referral: res.json<ReferralEntity>(), etag: String(res.headers.etag) }
}

export function patchReferral(
  app: FastifyInstance,
  id: string,
  operations: unknown,
  headers: Headers = {},
  tid = tenantA,
): Promise<LightMyRequestResponse> {
  return send(app, 'PATCH', itemUrl(id), { body: operations, headers, tid })
}

export function putReferral(
  app: FastifyInstance,
  id: string,
  body: unknown,
  headers: Headers = {},
  tid = tenantA,
): Promise<LightMyRequestResponse> {
  return send(app, 'PUT', itemUrl(id), { body, headers, tid })
}

export async function listReferrals(app: FastifyInstance, tid = tenantA): Promise<ListEnvelope> {
  const res = await send(app, 'GET', collectionUrl, { tid })
  assert.equal(res.statusCode, 200, `list answered ${res.statusCode}: ${res.body}`)
  return res.json<ListEnvelope>()
}

/** Fails unless the stored referral is exactly `before` (same eTag, same content). */
export async function assertUnchanged(
  app: FastifyInstance,
  before: ReferralEntity,
  tid = tenantA,
): Promise<void> {
  const { referral } = await readReferral(app, before.id, tid)
  assert.equal(referral.eTag, before.eTag, 'the eTag changed: the rejected request was written')
  assert.deepEqual(referral, before)
}
