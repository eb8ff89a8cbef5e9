// One request of the public API as the request journal keeps it (issue 10 item 6): what the
// client sent, what cosell answered, and what cosell did to it besides (a throttle, an injected
// fault, the validation rules that refused it). Times are wall time, as requests happen.
import Type, { type Static } from 'typebox'

/** What cosell did to a request besides answering it (http/request-notes.ts writes these). */
export const JournalNoteSchema = Type.Object({
  kind: Type.String({ description: "Who acted: 'throttle' or 'fault'." }),
  detail: Type.String(),
  rule: Type.Optional(Type.String({ description: "The rule's id, when a listed rule applied." })),
})

/** One rule of a 400 answer: the field it was about and the rule's name, as the error body lists them. */
export const RefusedRuleSchema = Type.Object({
  target: Type.String({ description: 'The field, e.g. customerProfile.address.country or $filter.' }),
  rule: Type.String({ description: 'The rule, e.g. required, enum, transition.' }),
})

export type JournalNote = Static<typeof JournalNoteSchema>
export type RefusedRule = Static<typeof RefusedRuleSchema>

/** A journal entry as kept: `at` in epoch milliseconds, so recording formats nothing. */
export interface JournalEntry {
  /** When the request arrived (wall time, epoch ms). */
  readonly at: number
  /** Time to answer, in milliseconds. */
  readonly ms: number
  readonly method: string
  /** Path and query string as sent: the query may carry the tenant's own data ($filter values). */
  readonly url: string
  readonly status: number
  /** cosell's id of the request (its Request-ID header). */
  readonly requestId: string
  readonly correlationId: string | undefined
  readonly clientRequestId: string | undefined
  readonly userAgent: string | undefined
  /** The caller's user (token upn or equivalent). */
  readonly user: string | undefined
  readonly ifMatch: boolean
  /** Retry-After of the answer, in seconds. */
  readonly retryAfter: number | undefined
  /** The answer's ETag, or a hash of a GET answer's body: equal values, same answer. */
  readonly answer: string | undefined
  /** The error code of a failed request (e.g. invalidRequest, preconditionFailed). */
  readonly error: string | undefined
  readonly notes: readonly JournalNote[] | undefined
  readonly refused: readonly RefusedRule[] | undefined
}

export const JournalEntrySchema = Type.Object(
  {
    at: Type.String({ format: 'date-time', description: 'When the request arrived (wall time).' }),
    ms: Type.Number({ description: 'Time to answer, in milliseconds.' }),
    method: Type.String(),
    url: Type.String({
      description:
        'Path and query string as sent. The query is kept: it is the tenant’s own data ($filter values) and what a developer needs to replay the request.',
    }),
    status: Type.Integer(),
    requestId: Type.String({ description: 'cosell’s Request-ID of the request.' }),
    correlationId: Type.Optional(Type.String({ description: 'The MS-CorrelationId the client sent.' })),
    clientRequestId: Type.Optional(
      Type.String({ description: 'The MS-RequestId (or client-request-id) the client sent.' }),
    ),
    userAgent: Type.Optional(Type.String()),
    user: Type.Optional(Type.String({ description: 'The user the token named.' })),
    ifMatch: Type.Boolean({ description: 'Whether the request carried If-Match.' }),
    retryAfter: Type.Optional(Type.Integer({ description: 'Retry-After of the answer, in seconds.' })),
    answer: Type.Optional(
      Type.String({
        description:
          'The ETag of the answer, or a hash of a GET answer’s body when it had none: equal values mean the same answer.',
      }),
    ),
    error: Type.Optional(Type.String({ description: 'The error code of a failed request.' })),
    notes: Type.Optional(Type.Array(JournalNoteSchema, { description: 'Throttles and faults applied.' })),
    refused: Type.Optional(
      Type.Array(RefusedRuleSchema, { description: 'The validation rules a 400 answer named.' }),
    ),
  },
  { $id: 'JournalEntry' },
)

export type JournalEntryView = Static<typeof JournalEntrySchema>

/** The wire form: an ISO time, and no empty optional fields. */
export function viewOfEntry(entry: JournalEntry): JournalEntryView {
  const view: Record<string, unknown> = { ...entry, at: new Date(entry.at).toISOString() }
  for (const key of Object.keys(view)) if (view[key] === undefined) delete view[key]
  return view as JournalEntryView
}

/** The path without the query, lower-cased (the router ignores case): which resource was asked. */
export function pathOf(entry: JournalEntry): string {
  const end = entry.url.indexOf('?')
  return (end === -1 ? entry.url : entry.url.slice(0, end)).toLowerCase()
}
