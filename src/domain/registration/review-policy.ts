// Scripted review by Microsoft, as data: "pass registrations 3 business days after approval, fail
// 10% with a reason". The first rule that matches a registration's status (and, if it says so,
// whether its deal was won within 72 hours) decides: once its business days have passed since the
// registration entered that status, a seeded draw picks one outcome by share; shares that add up
// to less than 1 leave the rest for manual review. The draw depends only on the seed, the
// registration and the time it entered its status, so a policy gives the same result however
// often and in whatever order the sweep runs.
import Type, { type Static } from 'typebox'
import type { Problem } from '../errors.js'
import { parseIsoDateTime } from '../referral/date-time.js'
import type { Registration } from '../referral/registration-schema.js'
import type { Referral } from '../referral/schema.js'
import { maxLength } from '../referral/limits.js'
import { List, NullableString } from '../referral/schema-helpers.js'
import { addBusinessDays } from '../microsoft/business-days.js'
import { seededDraw } from '../seeded-draw.js'
import { actionRules, historyFieldOf, type RegistrationAction } from './transitions.js'
import { wonWithin72Hours } from './won-early.js'

export const reviewActions = ['approve', 'pass', 'fail', 'requireAction', 'close'] as const
export const reviewedStatuses = ['ReviewPending', 'Approved', 'ActionRequired'] as const

export const ReviewOutcomeSchema = Type.Object({
  action: Type.Enum([...reviewActions]),
  share: Type.Number({ minimum: 0, maximum: 1, default: 1, description: 'Fraction of registrations (0–1).' }),
  statusReason: NullableString(maxLength.statusReason),
})

export const ReviewRuleSchema = Type.Object({
  status: Type.Enum([...reviewedStatuses], { default: 'Approved' }),
  afterBusinessDays: Type.Number({ minimum: 0, maximum: 365, default: 0 }),
  wonWithin72Hours: Type.Union([Type.Boolean(), Type.Null()], {
    default: null,
    description:
      'true: only deals marked Won within 72 hours of creation; false: only the others; null: any.',
  }),
  outcomes: Type.Array(ReviewOutcomeSchema, { minItems: 1 }),
})

export const ReviewPolicySchema = Type.Object({
  seed: Type.String({ default: 'cosell' }),
  rules: List(ReviewRuleSchema),
})

export type ReviewPolicy = Static<typeof ReviewPolicySchema>
export type ReviewRule = Static<typeof ReviewRuleSchema>

/** Manual review only: nothing moves until Microsoft acts through the admin API or the CLI. */
export const manualReview: ReviewPolicy = { seed: 'cosell', rules: [] }

export interface DueReview {
  readonly action: RegistrationAction
  readonly statusReason: string | null
}

export interface ScheduledReview extends DueReview {
  /** When the review falls due. */
  readonly at: Date
}

/** The review the policy has in store for the referral's registration as it stands, if any. */
export function scheduledReview(referral: Referral, policy: ReviewPolicy): ScheduledReview | undefined {
  const registration = referral.registrations[0]
  if (!registration) return undefined
  const rule = policy.rules.find(
    (r) =>
      r.status === registration.status &&
      (r.wonWithin72Hours === null || r.wonWithin72Hours === wonWithin72Hours(referral)),
  )
  const since = enteredStatusAt(registration)
  if (!rule || !since) return undefined
  const draw = seededDraw(
    policy.seed,
    registration.id ?? referral.id,
    registration.status,
    since.toISOString(),
  )
  let edge = 0
  for (const outcome of rule.outcomes) {
    edge += outcome.share
    if (draw < edge)
      return {
        action: outcome.action,
        statusReason: outcome.statusReason,
        at: addBusinessDays(since, rule.afterBusinessDays),
      }
  }
  return undefined
}

/** What the policy does to the referral's registration at `now`; undefined when nothing is due. */
export function dueReview(referral: Referral, policy: ReviewPolicy, now: Date): DueReview | undefined {
  const scheduled = scheduledReview(referral, policy)
  if (!scheduled || scheduled.at > now) return undefined
  return { action: scheduled.action, statusReason: scheduled.statusReason }
}

/** Problems the schema cannot see: outcomes the lifecycle table refuses, missing reasons, shares over 1. */
export function policyProblems(policy: ReviewPolicy): Problem[] {
  return policy.rules.flatMap((rule, i) => {
    const at = `rules[${i}]`
    const problems: Problem[] = []
    const total = rule.outcomes.reduce((sum, o) => sum + o.share, 0)
    if (total > 1 + 1e-9)
      problems.push({
        target: `${at}.outcomes`,
        rule: 'share',
        message: `${at}.outcomes share ${total} in all; at most 1.`,
      })
    rule.outcomes.forEach((o, j) => {
      const table = actionRules[o.action] as (typeof actionRules)[RegistrationAction] | undefined
      if (!table) return // an enum problem of the schema
      if (!table.from.includes(rule.status))
        problems.push({
          target: `${at}.outcomes[${j}].action`,
          rule: 'transition',
          message: `${at}.outcomes[${j}].action ${o.action} is not possible from ${rule.status}.`,
          allowedValues: reviewActions.filter((a) => actionRules[a].from.includes(rule.status)),
        })
      if (table.needsReason && !o.statusReason?.trim())
        problems.push({
          target: `${at}.outcomes[${j}].statusReason`,
          rule: 'required',
          message: `${at}.outcomes[${j}].statusReason is required for ${o.action}: the partner is told why.`,
        })
    })
    return problems
  })
}

function enteredStatusAt(r: Registration): Date | undefined {
  const field = historyFieldOf(r.status)
  const text = field ? r.statusHistory[field] : null
  return text ? parseIsoDateTime(text) : undefined
}
