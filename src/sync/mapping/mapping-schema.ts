// The mapping file's shape: which CRM field goes with which referral field, in which direction,
// how values translate and who wins when both sides changed. One schema gives the static types
// and the validation at load (every problem named, with its path in the file).
import Type, { type Static } from 'typebox'

export const CrmValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

export const directions = ['both', 'toCrm', 'toReferral'] as const
export const conflictPolicies = ['referral', 'crm', 'newest', 'hold'] as const
export const formats = ['text', 'number', 'date', 'boolean', 'json'] as const

export const ReferralPathSchema = Type.String({
  minLength: 1,
  pattern: '^[A-Za-z][A-Za-z0-9]*(\\[[0-9]+\\])?(\\.[A-Za-z][A-Za-z0-9]*(\\[[0-9]+\\])?)*$',
  description: 'A referral field path: `details.dealValue`, `customerProfile.team[0].email`.',
})

export const ValuePairSchema = Type.Object(
  {
    crm: CrmValueSchema,
    /** The referral value, or one value per path when `referral` names several paths. */
    referral: Type.Unknown(),
  },
  { additionalProperties: false },
)

export const FieldMappingSchema = Type.Object(
  {
    crm: Type.String({ minLength: 1, description: 'The CRM field name.' }),
    referral: Type.Union([ReferralPathSchema, Type.Array(ReferralPathSchema, { minItems: 1, maxItems: 4 })]),
    direction: Type.Optional(Type.Enum([...directions])),
    conflict: Type.Optional(Type.Enum([...conflictPolicies])),
    /** A translation table (picklists, stages ↔ status/substatus). The first pair that matches wins, in each direction. */
    values: Type.Optional(Type.Array(ValuePairSchema, { minItems: 1 })),
    /**
     * How a CRM value reads: `date` keeps the day of a referral date-time, `number` and `boolean`
     * parse text, `json` holds a whole referral value (a list, an object) as JSON text.
     */
    format: Type.Optional(Type.Enum([...formats])),
  },
  { additionalProperties: false },
)

export const MappingSchema = Type.Object(
  {
    /** The CRM field holding the paired referral's id: found again after a crash, never created twice. */
    crmReferralId: Type.String({ minLength: 1 }),
    /** CRM records go to Partner Center only while this field holds one of these values. */
    syncFlag: Type.Optional(
      Type.Object(
        { field: Type.String({ minLength: 1 }), values: Type.Array(CrmValueSchema, { minItems: 1 }) },
        { additionalProperties: false },
      ),
    ),
    /** Whether a record new on one side creates its counterpart on the other. Default both true. */
    create: Type.Optional(
      Type.Object(
        { toCrm: Type.Optional(Type.Boolean()), toReferral: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
    ),
    fields: Type.Array(FieldMappingSchema, { minItems: 1 }),
    /** Values a created record gets where the mapping gives none (fields the other side requires). */
    defaults: Type.Optional(
      Type.Object(
        {
          referral: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          crm: Type.Optional(Type.Record(Type.String(), CrmValueSchema)),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export type FieldMapping = Static<typeof FieldMappingSchema>
export type Mapping = Static<typeof MappingSchema>
export type Direction = (typeof directions)[number]
export type ConflictPolicy = (typeof conflictPolicies)[number]
export type ValueFormat = (typeof formats)[number]
