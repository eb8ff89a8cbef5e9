// Deal-registration eligibility of one of the caller's referrals (the documented eligibility
// policy). A referral of another organisation answers 404, even one the caller reads
// through an engagement: eligibility depends on the owner's solution profiles, which are not the
// caller's to see.
import { notFound } from '../domain/errors.js'
import { eligibilityOf, type EligibilityPolicy } from '../domain/registration/eligibility.js'
import type { Caller, ServiceDeps } from './deps.js'
import { getReferral } from './get-referral.js'

export async function dealRegistrationEligibility(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  referralId: string,
): Promise<EligibilityPolicy> {
  const referral = await getReferral(deps, caller, referralId)
  if (referral.organizationId !== caller.organization.id) throw notFound('Referral', referralId)
  return eligibilityOf(referral, caller.organization.solutionProfiles)
}
