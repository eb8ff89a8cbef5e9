// How Microsoft's side behaves on its own (issue 4: "accept co-sell requests after 2 business
// days, decline 20% with a reason"). Manual: nothing happens until someone acts through the admin
// API or CLI. Scripted: every decision is a pure function of the policy, the referral and the
// time, with chance drawn from a hash of (seed, referral id): the same seed gives the same story
// whatever order referrals are looked at in, and across restarts.
import Type, { type Static } from 'typebox'
import type { Referral } from '../referral/schema.js'
import { seededDraw } from '../seeded-draw.js'
import { addBusinessDays } from './business-days.js'

/** Decline reasons of the portal and CSV (the documented enums, the CSV upload article). */
export const declineReasons = [
  "Project budget isn't adequate",
  "Customer didn't respond",
  'Customer chose another vendor',
  'Customer requirement not met',
  'Not a customer',
  'Proposed time line was too short',
] as const

export const MicrosoftPolicySchema = Type.Object({
  mode: Type.Enum(['manual', 'scripted'], { default: 'manual' }),
  seed: Type.Integer({ default: 1 }),
  respondAfterBusinessDays: Type.Integer({ minimum: 0, maximum: 60, default: 2 }),
  declineRate: Type.Number({ minimum: 0, maximum: 1, default: 0.2 }),
  declineReasons: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, default: [...declineReasons] }),
  /** Business days after accepting before Microsoft closes its referral; null never closes. */
  closeAfterBusinessDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], {
    default: null,
  }),
  winRate: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }),
})

export type MicrosoftPolicy = Static<typeof MicrosoftPolicySchema>

export type PolicyDecision =
  | { readonly action: 'accept' }
  | { readonly action: 'decline'; readonly statusReason: string }
  | { readonly action: 'close'; readonly outcome: 'Won' }
  | { readonly action: 'close'; readonly outcome: 'Lost'; readonly statusReason: string }

/** When Microsoft next acts on one of its referrals as it stands, if it ever will. */
export function dueAt(policy: MicrosoftPolicy, r: Referral): Date | undefined {
  if (policy.mode !== 'scripted') return undefined
  if (r.status === 'New') return addBusinessDays(new Date(r.createdDateTime), policy.respondAfterBusinessDays)
  if (r.status === 'Active' && policy.closeAfterBusinessDays !== null && r.acceptedDateTime)
    return addBusinessDays(new Date(r.acceptedDateTime), policy.closeAfterBusinessDays)
  return undefined
}

/** What Microsoft does with one of its referrals at `now`, if anything. */
export function decide(policy: MicrosoftPolicy, r: Referral, now: Date): PolicyDecision | undefined {
  const due = dueAt(policy, r)
  if (!due || now < due) return undefined
  if (r.status === 'Active') {
    if (chance(policy.seed, r.id, 'close') < policy.winRate) return { action: 'close', outcome: 'Won' }
    // a Lost close needs its reason, as any partner's does
    return { action: 'close', outcome: 'Lost', statusReason: reason(policy, r.id, 'loss reason') }
  }
  const roll = chance(policy.seed, r.id, 'respond')
  if (roll >= policy.declineRate) return { action: 'accept' }
  return { action: 'decline', statusReason: reason(policy, r.id, 'reason') }
}

function reason(policy: MicrosoftPolicy, id: string, what: string): string {
  const reasons = policy.declineReasons
  return reasons[Math.floor(chance(policy.seed, id, what) * reasons.length)]!
}

/** A number in [0, 1) fixed by the seed, the referral and what is being decided. */
function chance(seed: number, id: string, what: string): number {
  return seededDraw(String(seed), id, what)
}
