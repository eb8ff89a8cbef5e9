// The review policy a server runs (domain/registration/review-policy.ts): kept as a setting with
// the data, so it survives restarts and every server process on the store runs the same one;
// manual review until an admin sets another.
import { invalidRequest } from '../domain/errors.js'
import { readValue } from '../domain/read-value.js'
import {
  manualReview,
  policyProblems,
  ReviewPolicySchema,
  type ReviewPolicy,
} from '../domain/registration/review-policy.js'
import type { ServiceDeps } from './deps.js'
import { reviewByPolicy } from './review-by-policy.js'

const key = 'registration-review-policy'

export async function reviewPolicy(deps: Pick<ServiceDeps, 'store'>): Promise<ReviewPolicy> {
  const saved = await deps.store.setting(key)
  return saved === undefined ? manualReview : readValue(ReviewPolicySchema, saved).value
}

/** Validates and replaces the policy, then applies it at once to what is already due. */
export async function setReviewPolicy(
  deps: ServiceDeps,
  body: unknown,
): Promise<{ policy: ReviewPolicy; reviewed: number }> {
  const { value, problems } = readValue(ReviewPolicySchema, body ?? {})
  if (problems.length === 0) problems.push(...policyProblems(value))
  if (problems.length > 0) throw invalidRequest(problems)
  await deps.store.saveSetting(key, value)
  return { policy: value, reviewed: await reviewByPolicy(deps, value) }
}

/** Runs the server's policy now: what moving the clock calls, and the admin API on demand. */
export async function reviewDueRegistrations(deps: ServiceDeps): Promise<number> {
  return reviewByPolicy(deps, await reviewPolicy(deps))
}
