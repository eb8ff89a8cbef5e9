// Shapes of the wire that have no schema of their own elsewhere: Microsoft's error body, the list
// envelope, a JSON Patch operation, and the admin API's lists.
import Type, { type TSchema } from 'typebox'
import { OrganizationSchema, UserSchema } from '../../domain/organization/organization.js'
import { ReferralSchema } from '../../domain/referral/schema.js'
import { SnapshotInfoSchema } from '../../domain/sandbox/snapshot.js'

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'invalidRequest, unauthenticated, accessDenied, itemNotFound, preconditionFailed, …',
      }),
      message: Type.String({ maxLength: 1024 }),
      target: Type.String({ description: 'Where the error originated, e.g. a field path or "ETag".' }),
      innerError: Type.Optional(
        Type.Object({
          code: Type.String({
            description: 'e.g. "99918" for an ETag mismatch, "validationFailed" for a 400.',
          }),
          message: Type.String(),
          details: Type.Unknown({
            description: 'For a 400: every problem, with target, rule and allowed values.',
          }),
        }),
      ),
    }),
  },
  { $id: 'ErrorBody' },
)

/** Partner Center's throttled answer: not the error body above. */
export const ThrottledBodySchema = Type.Object(
  {
    statusCode: Type.Literal(429),
    message: Type.String({ examples: ['Rate limit is exceeded. Try again in 57 seconds.'] }),
  },
  { $id: 'ThrottledBody' },
)

export const ReferralEntitySchema = Type.Intersect(
  [Type.Object({ '@odata.context': Type.String() }), ReferralSchema],
  { $id: 'ReferralEntity', description: 'A referral as GET by id answers it: the entity context first.' },
)

export const ReferralListSchema = Type.Object(
  {
    '@odata.context': Type.String(),
    '@odata.count': Type.Integer({ description: 'How many referrals match, ignoring paging.' }),
    value: Type.Array(ReferralSchema),
    '@odata.nextLink': Type.Optional(
      Type.String({ description: 'Absolute URL of the next page; absent on the last page.' }),
    ),
  },
  { $id: 'ReferralList' },
)

export const PatchOperationSchema = Type.Object(
  {
    op: Type.Enum(['replace', 'add']),
    path: Type.String({ examples: ['/details/dealValue', '/team/-'] }),
    value: Type.Unknown(),
  },
  { $id: 'PatchOperation' },
)

/** `{ value: [...] }`, the admin API's list shape. */
export const valueList = (item: TSchema, id: string) => Type.Object({ value: Type.Array(item) }, { $id: id })

/** A schema declared without a name, named for the document's components. */
export const named = <T extends TSchema>(schema: T, id: string): T => ({ ...schema, $id: id })

export const NamedOrganizationSchema = named(OrganizationSchema, 'Organization')
export const NamedUserSchema = named(UserSchema, 'User')
export const OrganizationListSchema = valueList(NamedOrganizationSchema, 'OrganizationList')
export const UserListSchema = valueList(NamedUserSchema, 'UserList')
export const SnapshotListSchema = valueList(SnapshotInfoSchema, 'SnapshotList')

export const PolicyRunSchema = Type.Object(
  { accepted: Type.Integer(), declined: Type.Integer(), closed: Type.Integer() },
  { $id: 'PolicyRun', description: "What Microsoft's scripted policy did." },
)
