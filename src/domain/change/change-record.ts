// The one fact every consumer of changes reads (docs/changes.md): this referral
// changed, from this to that, at this time, by this caller, through this channel. The store writes
// it in the same transaction as the referral, so a consumer (webhook delivery, the activity
// history, sync, the client report) can neither see a change that did not commit nor miss one
// that did. Consumers keep their own position in the sequence; the writer knows none of them.
import Type, { type Static } from 'typebox'

/** Through what a change came: a partner's API call, the admin API, Microsoft's side, the timeline,
 *  or a partner's call made through cosell's dashboard or CLI. */
export const changeChannels = [
  'api',
  'admin',
  'microsoft',
  'timeline',
  'seed',
  'sync',
  'dashboard',
  'cli',
] as const
export type ChangeChannel = (typeof changeChannels)[number]

/** The channels a client may name for its own calls (the `x-cosell-channel` header); any other is `api`. */
export const clientChannels = ['dashboard', 'cli', 'sync'] as const satisfies readonly ChangeChannel[]

/** Who made a change and through which request: what the use case knows and the store records. */
export interface ChangeCause {
  /** The user (upn) for a partner's call, `microsoft` for Microsoft's side, the policy for the timeline. */
  readonly actor: string
  readonly channel: ChangeChannel
  /** The HTTP request's id (the `request-id` header cosell answered), when a request caused it. */
  readonly requestId: string | null
}

export const FieldChangeSchema = Type.Object(
  {
    path: Type.String({ description: 'The field, dotted: details.dealValue, team, status.' }),
    from: Type.Unknown({ description: 'Its value before (null when it had none).' }),
    to: Type.Unknown({ description: 'Its value after (null when it has none).' }),
  },
  { $id: 'FieldChange' },
)
/** One field that differs: its path in the referral (`details.dealValue`, `team`), before and after. */
export type FieldChange = Static<typeof FieldChangeSchema>

export const ChangeRecordSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, description: 'Position in the log: increasing, never reused.' }),
    kind: Type.Enum(['created', 'updated']),
    referralId: Type.String({ format: 'uuid' }),
    organizationId: Type.String(),
    engagementId: Type.String({ format: 'uuid' }),
    at: Type.String({
      description:
        'When it happened on the clock that stamped it; for an event of the virtual clock, the moment it was due.',
    }),
    eTag: Type.String({ description: "The referral's eTag after the change." }),
    actor: Type.String({ description: "The user (upn), Microsoft's seller, or the policy that acted." }),
    channel: Type.Enum([...changeChannels]),
    requestId: Type.Union([Type.String(), Type.Null()], {
      description: 'The Request-ID of the request that caused it; null for the timeline.',
    }),
    fields: Type.Array(FieldChangeSchema, {
      description: 'What differs from the version before; empty for created.',
    }),
  },
  { $id: 'ChangeRecord' },
)
export type ChangeRecord = Static<typeof ChangeRecordSchema>
