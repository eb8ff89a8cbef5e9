// The admin API's Microsoft side (issue 4 item 5): Microsoft's referrals, what its sellers do with
// them, its scripted policy, and the leads it sends partners.
import Type from 'typebox'
import { MicrosoftPolicySchema } from '../../domain/microsoft/policy.js'
import { microsoftActionSchemas } from '../../service/microsoft/act-as-microsoft.js'
import { SendLeadSchema } from '../../service/microsoft/send-lead.js'
import { ReferralSchema } from '../../domain/referral/schema.js'
import { adminOperation as admin, errors, jsonBody, ok, pathParameter, type Paths } from './operations.js'
import { named, PolicyRunSchema, ReferralEntitySchema, ReferralListSchema } from './wire-schemas.js'

const actions = Object.keys(microsoftActionSchemas)
const tags = ['Admin: the Microsoft side']
const id = pathParameter('id', 'The id of a referral Microsoft holds.')

const ActionBodySchema = Type.Union(
  Object.entries(microsoftActionSchemas).map(([action, schema]) => ({ ...schema, title: action })),
  {
    $id: 'MicrosoftActionBody',
    description:
      'accept: {}; decline: statusReason; close: outcome and statusReason; addTeamMember: member; update: JSON Patch operations.',
  },
)

const SentLeadSchema = Type.Object(
  {
    referral: ReferralSchema,
    microsoftReferral: Type.Optional(ReferralSchema),
  },
  {
    $id: 'SentLead',
    description: "The partner's new Incoming referral, and for a co-sell invitation Microsoft's own.",
  },
)

const PolicySchema = named(MicrosoftPolicySchema, 'MicrosoftPolicy')

export const microsoftPaths: Paths = {
  '/_cosell/microsoft/referrals': {
    get: admin({
      operationId: 'listMicrosoftReferrals',
      summary: "List Microsoft's referrals",
      description: 'The same OData options as the list of referrals.',
      tags,
      responses: { '200': ok("Microsoft's referrals.", ReferralListSchema), ...errors(400, 401, 403) },
    }),
  },
  '/_cosell/microsoft/referrals/{id}': {
    get: admin({
      operationId: 'getMicrosoftReferral',
      summary: 'Get a referral Microsoft holds',
      tags,
      parameters: [id],
      responses: { '200': ok('The referral.', ReferralEntitySchema), ...errors(401, 403, 404) },
    }),
  },
  '/_cosell/microsoft/referrals/{id}/{action}': {
    post: admin({
      operationId: 'actAsMicrosoft',
      summary: 'A Microsoft seller acts on a referral: accept, decline, close, addTeamMember, update',
      tags,
      parameters: [id, { ...pathParameter('action', 'What the seller does.'), schema: { enum: actions } }],
      requestBody: jsonBody(ActionBodySchema),
      responses: {
        '200': ok('The referral after the action.', ReferralSchema),
        ...errors(400, 401, 403, 404),
      },
    }),
  },
  '/_cosell/microsoft/policy': {
    get: admin({
      operationId: 'getMicrosoftPolicy',
      summary: "Read Microsoft's behaviour: manual, or a scripted policy",
      tags,
      responses: { '200': ok('The policy.', PolicySchema), ...errors(401, 403) },
    }),
    put: admin({
      operationId: 'saveMicrosoftPolicy',
      summary: "Change Microsoft's behaviour",
      description: 'Fields left out keep their value.',
      tags,
      requestBody: jsonBody(Type.Partial(MicrosoftPolicySchema)),
      responses: { '200': ok('The policy as saved.', PolicySchema), ...errors(400, 401, 403) },
    }),
  },
  '/_cosell/microsoft/policy/run': {
    post: admin({
      operationId: 'runMicrosoftPolicy',
      summary: 'Apply the scripted policy now',
      description: 'It also runs whenever the virtual clock moves.',
      tags,
      responses: { '200': ok('What it did.', PolicyRunSchema), ...errors(401, 403) },
    }),
  },
  '/_cosell/microsoft/leads': {
    post: admin({
      operationId: 'sendLead',
      summary: 'Microsoft sends a partner a lead or a co-sell invitation',
      description: 'It arrives as an Incoming referral, New/Pending, expiring in 14 days.',
      tags,
      requestBody: jsonBody(named(SendLeadSchema, 'SendLead')),
      responses: { '200': ok('The referrals created.', SentLeadSchema), ...errors(400, 401, 403, 404) },
    }),
  },
}
