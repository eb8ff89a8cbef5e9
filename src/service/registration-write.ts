// The deal-registration step of a partner's PATCH or PUT, as commit-update.ts calls it: the
// registration rules and server fields of domain/registration, fed from the caller's organisation
// (its solution profiles decide eligibility), the ids port and the configured USD rates.
import type { Referral } from '../domain/referral/schema.js'
import { settleRegistration, type Settled } from '../domain/registration/settle-registration.js'
import { defaultUsdRates } from '../domain/registration/usd-rates.js'
import type { Caller, ServiceDeps } from './deps.js'

export type RegistrationStep = (current: Referral, candidate: Referral) => Settled

/** `at` is the write's one reading of the clock, so statusHistory agrees with updatedDateTime. */
export function registrationStep(
  deps: Pick<ServiceDeps, 'ids' | 'rules'>,
  caller: Caller,
  at: Date,
): RegistrationStep {
  return (current, candidate) =>
    settleRegistration(current, candidate, {
      at,
      newId: () => deps.ids.uuid(),
      solutionProfiles: caller.organization.solutionProfiles,
      usdRates: deps.rules.usdRates ?? defaultUsdRates,
    })
}
