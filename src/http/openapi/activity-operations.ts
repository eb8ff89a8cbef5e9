// The activity history (docs/changes.md): a cosell extension read with the partner's own token.
import Type from 'typebox'
import { ActivityQuerySchema } from '../../domain/change/activity-query.js'
import { ChangeRecordSchema } from '../../domain/change/change-record.js'
import {
  errors,
  ok,
  partnerSecurity,
  pathParameter,
  throttled,
  type Operation,
  type Paths,
} from './operations.js'

const tags = ['Activity history']

const ActivityPageSchema = Type.Object(
  {
    value: Type.Array(ChangeRecordSchema, { description: 'Newest first.' }),
    '@odata.nextLink': Type.Optional(
      Type.String({
        description:
          'The next, older page. A page looks at a bounded number of records, so with a rare filter it may be short, even empty, and still have one: follow it until it is absent.',
      }),
    ),
  },
  { $id: 'ActivityPage' },
)

/** The query parameters, from the schema that reads them. */
function queryParameters(except: readonly string[] = []) {
  return Object.entries(ActivityQuerySchema.properties)
    .filter(([name]) => !except.includes(name))
    .map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      ...('description' in schema ? { description: schema.description as string } : {}),
      schema,
    }))
}

const operation = (
  operationId: string,
  summary: string,
  description: string,
  parameters: object[],
): Partial<Record<'get', Operation>> => ({
  get: {
    operationId,
    summary,
    description,
    tags,
    security: partnerSecurity,
    'x-cosell-extension': true,
    parameters,
    responses: {
      '200': ok('A page of change records.', ActivityPageSchema),
      ...errors(400, 401, 403, 404),
      ...throttled,
    },
  },
})

export const activityPaths: Paths = {
  '/_cosell/referrals/{id}/activities': operation(
    'getReferralActivities',
    "One of your referrals' history: every change, newest first",
    "Who changed what, through which channel and request, when. Another organisation's referral answers 404, or 403 when your organisation reads it through an engagement (its history names their users).",
    [pathParameter('id', 'One of your referrals.'), ...queryParameters(['referralId'])],
  ),
  '/_cosell/activities': operation(
    'getOrganizationActivities',
    "Your organisation's history: every change to its referrals, newest first",
    'For Referral Admins; a Referral User reads the history of the referrals whose team lists them.',
    queryParameters(),
  ),
}
