// A fault rule (issue 10 item 5): which calls of the public API it matches, what it does to them
// and when. The schemas describe the admin API's body and answer for the OpenAPI document and the
// SDK; read-fault-rule.ts checks a body field by field and builds the rule.
import Type, { type Static } from 'typebox'

/** Bounds: a fault set is a developer's tool, not a traffic policy. */
export const faultLimits = {
  rules: 100,
  latencyMs: 60_000,
  retryAfterSeconds: 3_600,
  times: 1_000_000,
  patternLength: 300,
  tenantLength: 64,
} as const

export const faultStatuses = [429, 500, 503, 412] as const
export type FaultStatus = (typeof faultStatuses)[number]

export const routeMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*'] as const

const ms = (description: string) => Type.Number({ minimum: 0, maximum: faultLimits.latencyMs, description })

export const LatencySchema = Type.Union(
  [
    ms('A fixed delay in milliseconds.'),
    Type.Object(
      { distribution: Type.Literal('fixed'), ms: ms('The delay.') },
      { additionalProperties: false },
    ),
    Type.Object(
      { distribution: Type.Literal('uniform'), min: ms('Shortest delay.'), max: ms('Longest delay.') },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        distribution: Type.Union([Type.Literal('normal'), Type.Literal('lognormal')]),
        mean: ms('Mean delay.'),
        stddev: ms('Standard deviation.'),
      },
      { additionalProperties: false },
    ),
  ],
  {
    $id: 'FaultLatency',
    description: `Delay before the call goes on (or before the rule's status or drop). Every draw is clamped to 0–${faultLimits.latencyMs} ms.`,
  },
)

const matchFields = {
  route: Type.Optional(
    Type.String({
      maxLength: faultLimits.patternLength,
      description:
        "METHOD /path as the client sends it, e.g. 'PATCH /v1.0/engagements/referrals/*'. METHOD is GET, POST, PUT, PATCH, DELETE or *; in the path * stands for one segment and ** for any rest. Case-insensitive.",
      examples: ['PATCH /v1.0/engagements/referrals/*'],
    }),
  ),
  operation: Type.Optional(
    Type.String({
      description:
        'An operationId of the public API (listReferrals, getReferral, createReferral, updateReferral, replaceReferral, getDealRegistrationEligibility), under every path alias.',
    }),
  ),
  tenant: Type.Optional(
    Type.String({ maxLength: faultLimits.tenantLength, description: "The caller's tenant id (token tid)." }),
  ),
}

const effectFields = {
  status: Type.Optional(
    Type.Union([Type.Literal(429), Type.Literal(500), Type.Literal(503), Type.Literal(412)], {
      description:
        "429 Partner Center's throttled body, 500 generalException, 503 serviceNotAvailable, 412 preconditionFailed as after someone else's edit (PATCH and PUT only).",
    }),
  ),
  retryAfter: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: faultLimits.retryAfterSeconds,
      description: 'Retry-After in seconds for 429 and 503; default 1.',
    }),
  ),
  latency: Type.Optional(LatencySchema),
  drop: Type.Optional(Type.Literal(true, { description: 'Close the connection without an answer.' })),
}

const whenFields = {
  probability: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: 'Chance that a matching call is hit; default 1.' }),
  ),
  times: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: faultLimits.times,
      description: 'Only the next N matching calls (hit or not); the rule is spent after them.',
    }),
  ),
  seed: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 4_294_967_295,
      description: 'Same seed and same matching calls, same outcomes; one is chosen when none is given.',
    }),
  ),
}

export const FaultRuleInputSchema = Type.Object(
  { ...matchFields, ...effectFields, ...whenFields },
  {
    $id: 'FaultRuleInput',
    additionalProperties: false,
    description:
      'At least one of status, latency, drop; status and drop exclusive. Unset matchers match any call.',
  },
)

export const FaultRuleSchema = Type.Intersect(
  [
    Type.Object({
      id: Type.String({ description: 'f1, f2, … in the order added.' }),
      seed: Type.Integer(),
      matched: Type.Integer({ description: 'Matching calls seen.' }),
      fired: Type.Integer({ description: 'Calls the rule acted on.' }),
      remaining: Type.Union([Type.Integer(), Type.Null()], {
        description: 'Matching calls left before the rule is spent; null without times.',
      }),
      spent: Type.Boolean(),
    }),
    Type.Object({
      ...matchFields,
      ...effectFields,
      probability: whenFields.probability,
      times: whenFields.times,
    }),
  ],
  { $id: 'FaultRule' },
)

export type FaultRuleInput = Static<typeof FaultRuleInputSchema>
export type FaultRuleView = Static<typeof FaultRuleSchema>

export type Latency =
  | { readonly distribution: 'fixed'; readonly ms: number }
  | { readonly distribution: 'uniform'; readonly min: number; readonly max: number }
  | { readonly distribution: 'normal' | 'lognormal'; readonly mean: number; readonly stddev: number }

/** A checked rule, as read-fault-rule.ts builds it. */
export interface FaultRule {
  readonly route?: string
  readonly operation?: string
  readonly tenant?: string
  readonly status?: FaultStatus
  readonly retryAfter?: number
  readonly latency?: Latency
  readonly drop?: true
  readonly probability?: number
  readonly times?: number
  readonly seed?: number
}

/** An operation of the public API a rule may name, and its method (a 412 needs PATCH or PUT). */
export interface FaultOperation {
  readonly name: string
  readonly method: string
}
