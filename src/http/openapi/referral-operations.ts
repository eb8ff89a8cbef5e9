// Microsoft's Referrals API: its five documented operations (list, get, create, PATCH, PUT), under its documented
// prefix. cosell answers the same routes under the aliases real clients use (app.ts
// `referralPrefixes`); those are not repeated.
import { ReferralSchema } from '../../domain/referral/schema.js'
import {
  errors,
  json,
  jsonBody,
  ok,
  partnerSecurity,
  pathParameter,
  throttled,
  type Paths,
} from './operations.js'
import { PatchOperationSchema, ReferralEntitySchema, ReferralListSchema } from './wire-schemas.js'
import Type from 'typebox'

const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
})

const header = (name: string, description: string, required = false) => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
})

const id = pathParameter('id', 'The referral id (a GUID).')
const etagHeader = { ETag: { description: 'The new eTag.', schema: { type: 'string' } } }
const tags = ['Referrals']

export const referralPaths: Paths = {
  '/v1.0/engagements/referrals': {
    get: {
      operationId: 'listReferrals',
      summary: 'List referrals',
      description:
        'OData options over the whole document; at most 100 a page, with @odata.nextLink while more remain (the documented list).',
      tags,
      security: partnerSecurity,
      parameters: [
        query('$filter', "e.g. status eq 'New' and direction eq 'Incoming'"),
        query('$orderby', 'e.g. createdDateTime desc'),
        query('$top', 'Page size, at most 100.', { type: 'integer', minimum: 0 }),
        query('$skip', 'Referrals to skip.', { type: 'integer', minimum: 0 }),
        query('$skiptoken', 'Opaque; taken from @odata.nextLink.'),
        query('$count', 'Accepted; the count is always included.', { type: 'boolean' }),
        query('$select', 'e.g. id,status,customerProfile'),
      ],
      responses: {
        '200': ok('A page of referrals.', ReferralListSchema),
        ...errors(400, 401, 500, 503),
        ...throttled,
      },
    },
    post: {
      operationId: 'createReferral',
      summary: 'Create a referral',
      description:
        'A body carrying the engagementId of an earlier referral and a target is step 2 of a co-sell (the documented create). Answers 200, or 201 with COSELL_CREATE_STATUS=201.',
      tags,
      security: partnerSecurity,
      requestBody: jsonBody(
        ReferralSchema,
        'Required: type, customerProfile, consent, details. Server-owned fields are ignored.',
      ),
      responses: {
        '200': { ...ok('The created referral.', ReferralSchema), headers: etagHeader },
        ...errors(400, 401, 403, 500, 503, 507),
        ...throttled,
      },
    },
  },
  '/v1.0/engagements/referrals/{id}': {
    get: {
      operationId: 'getReferral',
      summary: 'Get a referral',
      tags,
      security: partnerSecurity,
      parameters: [id],
      responses: {
        '200': { ...ok('The referral.', ReferralEntitySchema), headers: etagHeader },
        ...errors(401, 404, 500),
        ...throttled,
      },
    },
    patch: {
      operationId: 'updateReferral',
      summary: 'Update a referral with JSON Patch',
      description: 'Only replace and add, applied all or nothing (the documented PATCH).',
      tags,
      security: partnerSecurity,
      parameters: [
        id,
        header('If-Match', 'The eTag the change is based on; without it no check is made.'),
        header('Prefer', 'return=representation answers 200 with the referral instead of 204.'),
      ],
      requestBody: jsonBody(Type.Array(PatchOperationSchema, { minItems: 1, maxItems: 200 })),
      responses: {
        '204': { description: 'Updated.', headers: etagHeader },
        '200': { ...ok('Updated, with Prefer: return=representation.', ReferralSchema), headers: etagHeader },
        ...errors(400, 401, 403, 404, 412, 500, 503, 507),
        ...throttled,
      },
    },
    put: {
      operationId: 'replaceReferral',
      summary: 'Replace a referral (obsolete)',
      description: 'A whole referral as read, without links; If-Match is required (the documented PUT).',
      tags,
      security: partnerSecurity,
      parameters: [id, header('If-Match', 'The eTag the body was read with.', true)],
      requestBody: { required: true, ...json(ReferralSchema) },
      responses: {
        '200': { ...ok('The updated referral.', ReferralSchema), headers: etagHeader },
        ...errors(400, 401, 403, 404, 412, 500, 503, 507),
        ...throttled,
      },
    },
  },
}
