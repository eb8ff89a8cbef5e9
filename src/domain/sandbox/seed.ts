// The body and answer of `POST /_cosell/seed` (issue 4 item 7), shared by the service, the
// OpenAPI document and the SDK.
import Type, { type Static } from 'typebox'

/** Each sample is a real create; more than this in one request is better split. */
export const maxSeedReferrals = 10_000

/** The organisation seeded when none is named and none exists yet. */
export const sampleOrganizationId = '5eed0000-c05e-4000-8000-000000000001'

export const SeedRequestSchema = Type.Object(
  {
    organizationId: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Tenant id of the organisation to fill (created if new). Default: the only partner organisation, or a sample one when there is none.',
      }),
    ),
    referrals: Type.Integer({ minimum: 1, maximum: maxSeedReferrals, default: 100 }),
    seed: Type.Integer({
      minimum: 0,
      maximum: 4_294_967_295,
      default: 42,
      description: 'Same seed, same referrals.',
    }),
  },
  { $id: 'SeedRequest' },
)

export const SeedResultSchema = Type.Object(
  {
    organizationId: Type.String(),
    organizationName: Type.String(),
    seed: Type.Integer(),
    created: Type.Integer({ description: 'Referrals created.' }),
    byStatus: Type.Record(Type.String(), Type.Integer(), {
      description: 'How many ended in each status/substatus.',
    }),
  },
  { $id: 'SeedResult' },
)

export type SeedRequest = Partial<Static<typeof SeedRequestSchema>>
export type SeedResult = Static<typeof SeedResultSchema>
