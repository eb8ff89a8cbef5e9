// What a client may set on a referral, and how a create or PUT body becomes one. Server-owned
// fields and `links` in a body are ignored rather than rejected.
import type { Problem } from '../errors.js'
import { complete } from './complete.js'
import { referralTooLarge } from './limit-problems.js'
import { normalize, isPlainObject, type JsonObject } from './normalize.js'
import { ReferralSchema, type Referral } from './schema.js'
import { schemaProblems } from './schema-problems.js'

/** Top-level properties a client writes; everything else is the service's. */
export const clientWritableFields = [
  'name',
  'externalReferenceId',
  'status',
  'substatus',
  'statusReason',
  'qualification',
  'type',
  'favorite',
  'campaignId',
  'salesStage',
  'referralProgram',
  'target',
  'customerProfile',
  'consent',
  'details',
  'team',
  'inviteContext',
] as const

/** Required in a create body (the documented create); `type` is required though the service derives it. */
export const requiredOnCreate = ['type', 'customerProfile', 'consent', 'details'] as const

export interface ReferralInput {
  /** The normalised body, client-writable fields only, as sent (absent fields stay absent). */
  readonly given: JsonObject
  /** On create only: the engagement to join, naming the party to invite in `target` (the documented create). */
  readonly engagementId?: string
  readonly problems: Problem[]
}

export function readReferralBody(body: unknown): ReferralInput {
  const problems: Problem[] = []
  if (!isPlainObject(body)) {
    return {
      given: {},
      problems: [{ target: 'body', rule: 'type', message: 'The body must be a JSON object (a Referral).' }],
    }
  }
  const normalized = normalize(ReferralSchema, body, problems) as JsonObject
  const given: JsonObject = {}
  for (const field of clientWritableFields)
    if (normalized[field] !== undefined) given[field] = normalized[field]
  const engagementId = normalized.engagementId
  if (typeof engagementId === 'string' && engagementId.trim() !== '') {
    return { given, engagementId: engagementId.trim().toLowerCase(), problems }
  }
  return { given, problems }
}

export function missingRequired(given: JsonObject): Problem[] {
  return requiredOnCreate
    .filter((field) => given[field] === undefined || given[field] === null)
    .map((field) => ({ target: field, rule: 'required', message: `${field} is required.` }))
}

/** Completes a candidate referral and reports what the schema rejects in it, and a size too large to store. */
export function completeReferral(candidate: JsonObject): { referral: Referral; problems: Problem[] } {
  const referral = complete<Referral>(ReferralSchema, candidate)
  const problems = schemaProblems(ReferralSchema, referral)
  // a field over its own limit already says why the whole is too large
  if (problems.some((p) => p.rule === 'maxLength' || p.rule === 'maxItems')) return { referral, problems }
  const tooLarge = referralTooLarge(JSON.stringify(referral))
  return { referral, problems: tooLarge ? [...problems, tooLarge] : problems }
}

/** The stored type follows consent and the engagement, not the request. */
export function deriveType(r: Pick<Referral, 'consent'>, sharedWithOthers: boolean): Referral['type'] {
  return r.consent.consentToShareReferralWithMicrosoftSellers || sharedWithOthers ? 'Shared' : 'Independent'
}
