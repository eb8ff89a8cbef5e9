// Deal registrations' cosell extensions (the documented registration rules and eligibility policy;
// docs/deal-registrations.md): Microsoft's review and the review policy in the admin API, and the
// partner's eligibility question. Creating and changing a registration is a PATCH of the referral,
// documented with the referral operations.
import Type from 'typebox'
import { EligibilityPolicySchema } from '../../domain/registration/eligibility.js'
import { ReviewPolicySchema } from '../../domain/registration/review-policy.js'
import { ReviewRequestSchema } from '../../service/review-registration.js'
import { ReferralSchema } from '../../domain/referral/schema.js'
import {
  adminOperation as admin,
  errors,
  jsonBody,
  ok,
  partnerSecurity,
  pathParameter,
  throttled,
  type Paths,
} from './operations.js'
import { named } from './wire-schemas.js'

const tags = ['Admin: deal registrations']
const referralId = pathParameter('id', 'The referral holding the registration, of any organisation.')
const PolicySchema = named(ReviewPolicySchema, 'RegistrationReviewPolicy')
const ReviewedSchema = Type.Object(
  { reviewed: Type.Integer({ description: 'Registrations the policy moved.' }) },
  { $id: 'RegistrationsReviewed' },
)

export const registrationPaths: Paths = {
  '/_cosell/referrals/{id}/registration/review': {
    post: admin({
      operationId: 'reviewRegistration',
      summary: "Microsoft reviews a partner's deal registration",
      description:
        'approve (from ReviewPending), pass, fail (statusReason required), requireAction (statusReason required: sent back to the partner), close. If-Match is honoured; the referral gets a new eTag.',
      tags,
      parameters: [referralId],
      requestBody: jsonBody(named(ReviewRequestSchema, 'RegistrationReview')),
      responses: {
        '200': ok('The referral after the review.', ReferralSchema),
        ...errors(400, 401, 403, 404, 412),
      },
    }),
  },
  '/_cosell/registrations/review-policy': {
    get: admin({
      operationId: 'getRegistrationReviewPolicy',
      summary: 'Read how Microsoft reviews registrations on its own (no rules: manual review)',
      tags,
      responses: { '200': ok('The policy.', PolicySchema), ...errors(401, 403) },
    }),
    put: admin({
      operationId: 'setRegistrationReviewPolicy',
      summary: 'Replace the review policy and apply it at once',
      description:
        'Rules in order; the first whose status (and wonWithin72Hours) matches decides once its business days have passed, picking an outcome by share with a draw fixed by the seed.',
      tags,
      requestBody: jsonBody(PolicySchema),
      responses: {
        '200': ok(
          'The policy as saved, and how many registrations it moved at once.',
          Type.Object(
            { policy: PolicySchema, reviewed: Type.Integer() },
            { $id: 'RegistrationReviewPolicySet' },
          ),
        ),
        ...errors(400, 401, 403),
      },
    }),
  },
  '/_cosell/registrations/review-policy/run': {
    post: admin({
      operationId: 'runRegistrationReviewPolicy',
      summary: 'Apply the review policy now',
      description: 'It also runs whenever the virtual clock moves.',
      tags,
      responses: { '200': ok('What it did.', ReviewedSchema), ...errors(401, 403) },
    }),
  },
  '/_cosell/referrals/{id}/dealRegistrationEligibility': {
    get: {
      operationId: 'getDealRegistrationEligibility',
      summary:
        'Whether one of your referrals may carry a deal registration (the documented eligibility policy)',
      description:
        "Microsoft defines the DealRegistrationsEligibilityPolicy entity but no URL for it; answers carry X-Cosell-Extension. Another organisation's referral answers 404.",
      tags,
      security: partnerSecurity,
      'x-cosell-extension': true,
      parameters: [pathParameter('id', 'One of your referrals.')],
      responses: {
        '200': ok('The eligibility policy.', EligibilityPolicySchema),
        ...errors(401, 404),
        ...throttled,
      },
    },
  },
}
