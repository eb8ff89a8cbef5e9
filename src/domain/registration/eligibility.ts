// Which solutions may carry a deal registration (the documented registration rules: "eligible only
// for referrals whose solution carries the Azure IP co-sell incentive"), and Microsoft's
// eligibility policy entity.
//
// An organisation's solution profile lists its incentives as free text. The canonical spelling is
// "Azure IP co-sell"; matching ignores case, spaces and punctuation and accepts any text ending in
// it, so "Azure IP Co-Sell", "AzureIPCoSell" and Microsoft's "MSFT Internal Azure IP Co-Sell" all
// count.
import Type, { type Static } from 'typebox'
import type { SolutionProfile } from '../organization/organization.js'
import type { Referral } from '../referral/schema.js'

export const azureIpCoSellIncentive = 'Azure IP co-sell'

/** What the service computes into `solutionDetails[].incentives` (the the documented registration model example). */
export const computedIncentive = 'MSFT Internal Azure IP Co-Sell'

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '')

export function isAzureIpCoSell(incentive: string): boolean {
  return key(incentive).endsWith(key(azureIpCoSellIncentive))
}

/** The organisation's solution profile for `solutionId` when it carries the incentive. */
export function eligibleProfile(
  profiles: readonly SolutionProfile[],
  solutionId: string,
): SolutionProfile | undefined {
  const id = solutionId.trim().toLowerCase()
  return profiles.find((p) => p.id.toLowerCase() === id && p.incentives.some(isAzureIpCoSell))
}

/** The referral's solutions (details.requirements.solutions) that carry the incentive. */
export function eligibleSolutionIds(referral: Referral, profiles: readonly SolutionProfile[]): string[] {
  return referral.details.requirements.solutions
    .filter((s) => eligibleProfile(profiles, s.id))
    .map((s) => s.id)
}

/** The DealRegistrationsEligibilityPolicy entity (the documented eligibility policy), camelCase as every response. */
export const EligibilityPolicySchema = Type.Object(
  {
    policyName: Type.String(),
    isEligible: Type.Boolean(),
    referralProperties: Type.Record(Type.String(), Type.String(), {
      description:
        'referralId, status, substatus, registrationStatus, solutionIds, eligibleSolutionIds, and reason when not eligible.',
    }),
    additionalProperties: Type.Array(Type.String(), {
      description: 'The incentive the referral qualifies for, e.g. "MSFT Internal Azure IP Co-Sell".',
    }),
  },
  { $id: 'DealRegistrationEligibility' },
)

export type EligibilityPolicy = Static<typeof EligibilityPolicySchema>

export const eligibilityPolicyName = 'AzureIPCoSellDealRegistration'

export function eligibilityOf(referral: Referral, profiles: readonly SolutionProfile[]): EligibilityPolicy {
  const eligible = eligibleSolutionIds(referral, profiles)
  const reason =
    referral.status === 'Closed'
      ? `The referral is Closed/${referral.substatus}.`
      : eligible.length === 0
        ? `None of the referral's solutions carries the ${azureIpCoSellIncentive} incentive in the organisation's solution profiles.`
        : ''
  return {
    policyName: eligibilityPolicyName,
    isEligible: reason === '',
    referralProperties: {
      referralId: referral.id,
      status: referral.status,
      substatus: referral.substatus,
      registrationStatus: referral.registrationStatus,
      solutionIds: referral.details.requirements.solutions.map((s) => s.id).join(','),
      eligibleSolutionIds: eligible.join(','),
      ...(reason ? { reason } : {}),
    },
    additionalProperties: eligible.length > 0 ? [computedIncentive] : [],
  }
}
