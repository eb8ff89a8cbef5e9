// What the client report says about a client: each finding names what the client did (with its
// numbers), why that hurts in production and what to do instead, and points at example requests.
import Type, { type Static } from 'typebox'

export const findingKinds = [
  'earlyRetry',
  'writeWithoutIfMatch',
  'writeAfter412WithoutRead',
  'polling',
  'refusedByValidation',
] as const

export type FindingKind = (typeof findingKinds)[number]

export const FindingSchema = Type.Object(
  {
    kind: Type.Enum(findingKinds, {
      description: 'What sort of finding this is (docs/report.md defines each).',
    }),
    title: Type.String(),
    count: Type.Integer({ minimum: 1, description: 'How many times the client did it.' }),
    what: Type.String({ description: 'What the client did, with its numbers.' }),
    why: Type.String({ description: 'Why that is a problem in production.' }),
    instead: Type.String({ description: 'What to do instead.' }),
    examples: Type.Array(Type.String(), {
      maxItems: 3,
      description: 'Request ids (Request-ID) of example requests, to look up in the journal.',
    }),
    rule: Type.Optional(Type.String({ description: 'refusedByValidation: the rule.' })),
    target: Type.Optional(Type.String({ description: 'refusedByValidation: the field.' })),
  },
  { $id: 'Finding' },
)

export type Finding = Static<typeof FindingSchema>

export const maxExamples = 3

/** The first few request ids of a list, as a finding's examples. */
export function examplesOf(requestIds: readonly string[]): string[] {
  return requestIds.slice(0, maxExamples)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
