// How hard a tenant may call the public API: `off`, the Power Platform connector's
// documented limit, or budgets of its own. A budget is a token bucket: `limit` calls at once at
// most, refilled evenly over `periodSeconds`. Reads (GET, HEAD) and writes (every other method)
// each draw on their own budget when one is given, and every call on `calls` when that is given.
import Type, { type Static } from 'typebox'
import type { Problem } from '../errors.js'

export const throttleProfileNames = ['off', 'connector', 'custom'] as const

export const BudgetSchema = Type.Object({
  limit: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    description: 'Calls allowed per period; also the largest burst.',
  }),
  periodSeconds: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    description: 'Seconds over which an empty budget refills to its limit, evenly.',
  }),
})

export const ThrottleProfileSchema = Type.Object({
  profile: Type.Enum([...throttleProfileNames], {
    description:
      "off: no limit; connector: 100 calls per 60 s, reads and writes together (the Power Platform connector's documented limit); custom: the budgets given.",
  }),
  calls: Type.Optional(
    Type.Object(BudgetSchema.properties, { description: 'custom: one budget every call draws on.' }),
  ),
  read: Type.Optional(
    Type.Object(BudgetSchema.properties, { description: 'custom: the budget of GET and HEAD.' }),
  ),
  write: Type.Optional(
    Type.Object(BudgetSchema.properties, {
      description: 'custom: the budget of POST, PUT, PATCH and DELETE.',
    }),
  ),
})

export type Budget = Static<typeof BudgetSchema>
export type ThrottleProfile = Static<typeof ThrottleProfileSchema>
export type CallClass = 'read' | 'write'
export type BudgetName = 'calls' | CallClass

export const throttleOff: ThrottleProfile = { profile: 'off' }

/** "100 calls per connection per 60 seconds" makes no difference between methods: one shared budget. */
export const connectorBudget: Budget = { limit: 100, periodSeconds: 60 }

const budgetNames = ['calls', 'read', 'write'] as const

/** GET and HEAD read; every other method writes. */
export function callClassOf(method: string): CallClass {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write'
}

/** The budgets a call of the class draws on under the profile; none when it is not limited. */
export function budgetsFor(
  profile: ThrottleProfile,
  callClass: CallClass,
): readonly (readonly [BudgetName, Budget])[] {
  if (profile.profile === 'off') return []
  if (profile.profile === 'connector') return [['calls', connectorBudget]]
  const drawn: [BudgetName, Budget][] = []
  if (profile.calls) drawn.push(['calls', profile.calls])
  const own = profile[callClass]
  if (own) drawn.push([callClass, own])
  return drawn
}

/** What the schema cannot see: a custom profile without a budget, budgets on a named profile. */
export function profileProblems(profile: ThrottleProfile): Problem[] {
  const given = budgetNames.filter((name) => profile[name] !== undefined)
  if (profile.profile === 'custom')
    return given.length > 0
      ? []
      : [
          {
            target: 'profile',
            rule: 'required',
            message: 'A custom profile needs at least one budget: calls, read or write.',
            allowedValues: [...budgetNames],
          },
        ]
  return given.map((name) => ({
    target: name,
    rule: 'custom',
    message: `${name} is a budget of a custom profile; the ${profile.profile} profile takes none (send "profile": "custom").`,
  }))
}

/** The profile with only the properties it uses, so equal profiles print and compare alike. */
export function canonicalProfile(profile: ThrottleProfile): ThrottleProfile {
  if (profile.profile !== 'custom') return { profile: profile.profile }
  const canonical: { -readonly [K in keyof ThrottleProfile]: ThrottleProfile[K] } = { profile: 'custom' }
  for (const name of budgetNames) {
    const budget = profile[name]
    if (budget) canonical[name] = { limit: budget.limit, periodSeconds: budget.periodSeconds }
  }
  return canonical
}
