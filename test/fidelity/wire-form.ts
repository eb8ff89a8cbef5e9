// What a single-referral response looks like on the wire when it is faithful to Microsoft's: the
// connector's schema, the observed key order and spellings, the date formats, the real `links` and
// an ETag header equal to the body's eTag (the documented response headers and Referral; decisions
// 3, 11, 35).
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import type { Referral } from '../../src/domain/referral/schema.js'
import { connectorSchemaErrors } from './connector-schema.js'

/** Observed key order of a 2022 production referral (the documented properties). */
export const observedKeyOrder = [
  'id',
  'engagementId',
  'name',
  'organizationId',
  'organizationName',
  'lastModifiedVia',
  'lastRunId',
  'externalReferenceId',
  'createdDateTime',
  'updatedDateTime',
  'expirationDateTime',
  'status',
  'substatus',
  'statusReason',
  'qualification',
  'type',
  'referralSource',
  'eTag',
  'favorite',
  'campaignId',
  'salesStage',
  'quality',
  'isSpam',
  'direction',
  'mpnId',
  'referralProgram',
  'dealSensitivity',
  'createdVia',
  'tags',
  'acceptedDateTime',
  'closedDateTime',
  'callToAction',
  'registrationStatus',
  'target',
  'customerProfile',
  'consent',
  'details',
  'team',
  'inviteContext',
  'links',
  'trackingInfo',
  'registrations',
]

export const serverTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/ // server timestamps: 7 fraction digits
export const userDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/ // server timestamps: 7 fraction digits

/** What every single-referral response carries: schema, wire spellings, formats, links, ETag. */
export function assertFaithfulReferral(
  res: LightMyRequestResponse,
  keys: readonly string[] = observedKeyOrder,
): Referral {
  assert.match(String(res.headers['content-type']), /^application\/json/)
  const body = res.json<Referral>()
  assert.deepEqual(connectorSchemaErrors(body), [], 'the connector schema rejects the response')
  assert.deepEqual(
    Object.keys(body),
    keys,
    'top-level keys are not in the observed order (the documented properties)',
  )
  assert.equal(
    res.headers.etag,
    body.eTag,
    'the ETag header differs from the body eTag (the documented response headers)',
  )
  assert.match(body.eTag, /^"[^"]+"$/, 'eTag is a quoted opaque string (the wire conventions)')
  assert.ok('consentToToShareInfoWithOthers' in body.consent, 'the real spelling has the double "To"')
  assert.ok(!('consentToShareInfoWithOthers' in body.consent))
  for (const field of ['createdDateTime', 'updatedDateTime'] as const)
    assert.match(body[field], serverTimestamp)
  for (const field of ['acceptedDateTime', 'closedDateTime'] as const) {
    if (body[field] !== null) assert.match(body[field], serverTimestamp)
  }
  if (body.details.closingDateTime !== null) assert.match(body.details.closingDateTime, userDate)
  assertRealLinks(body)
  return body
}

/** The correct `engagements` spelling and an unquoted GUID, as real payloads carry them. */
export function assertRealLinks(body: Referral): void {
  assert.ok(body.links, 'links are missing')
  assert.equal(body.links.self.method, 'GET')
  assert.equal(body.links.relatedReferrals.method, 'GET')
  assert.match(body.links.self.uri, new RegExp(`^https?://[^/]+/v1\\.0/engagements/referrals/${body.id}$`))
  assert.match(
    body.links.relatedReferrals.uri,
    new RegExp(
      `^https?://[^/]+/v1\\.0/engagements/referrals\\?\\$filter=engagementId eq ${body.engagementId}$`,
    ),
  )
}
