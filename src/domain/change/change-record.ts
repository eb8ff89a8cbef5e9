// The one fact every consumer of changes reads (design.md "Changes as data"): this referral
// changed, from this to that, at this time, by this caller, through this channel. The store writes
// it in the same transaction as the referral, so a consumer (webhook delivery, the activity
// history, sync, the client report) can neither see a change that did not commit nor miss one
// that did. Consumers keep their own position in the sequence; the writer knows none of them.

/** Through what a change came: a partner's API call, the admin API, Microsoft's side, the timeline. */
export const changeChannels = ['api', 'admin', 'microsoft', 'timeline', 'seed', 'sync'] as const
export type ChangeChannel = (typeof changeChannels)[number]

/** Who made a change and through which request: what the use case knows and the store records. */
export interface ChangeCause {
  /** The user (upn) for a partner's call, `microsoft` for Microsoft's side, the policy for the timeline. */
  readonly actor: string
  readonly channel: ChangeChannel
  /** The HTTP request's id (the `request-id` header cosell answered), when a request caused it. */
  readonly requestId: string | null
}

/** One field that differs: its path in the referral (`details.dealValue`, `team`), before and after. */
export interface FieldChange {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}

export interface ChangeRecord extends ChangeCause {
  /** Position in the store's sequence of changes: increasing, never reused. */
  readonly seq: number
  readonly kind: 'created' | 'updated'
  readonly referralId: string
  readonly organizationId: string
  readonly engagementId: string
  /** When it happened on the clock that stamped it: the due time for a simulated event (ISO 8601). */
  readonly at: string
  /** The referral's eTag after the change. */
  readonly eTag: string
  /** What differs from the version before; empty for `created`. */
  readonly fields: readonly FieldChange[]
}
