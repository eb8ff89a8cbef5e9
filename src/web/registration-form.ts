// The deal registration form as data, shaped as the connector's CreateDealRegistrationByReferralId
// body (one solution, the contract). Paths are the registration's own; the API reports problems at
// `solutionDetails[0].value` or `registrations[0].contract.value`, so both land at their field.
import type { Registration } from '../client/registrations.js'
import {
  contractTerms,
  pricingModels,
  primaryDeploymentTargets,
  registrationTypes,
  taxonomy,
} from './choices.js'
import { owns, readField, writeField, type Draft, type FormField } from './form-model.js'

const solution = 'solutionDetails[0]'

export const registrationSections: readonly { title: string; fields: readonly FormField[] }[] = [
  {
    title: 'Registration',
    fields: [{ path: 'type', label: 'Registration type', kind: 'select', options: registrationTypes }],
  },
  {
    title: 'Solution',
    fields: [
      { path: `${solution}.id`, label: 'Solution', kind: 'select' },
      { path: `${solution}.value`, label: 'Solution value', kind: 'number' },
      {
        path: `${solution}.currency`,
        label: 'Solution currency',
        kind: 'select',
        options: taxonomy.currencies,
      },
      { path: `${solution}.isDeployedOnAzure`, label: 'Deployed on Azure', kind: 'checkbox' },
      {
        path: `${solution}.primaryDeploymentOn`,
        label: 'Primary deployment',
        kind: 'select',
        options: primaryDeploymentTargets,
      },
      { path: `${solution}.pricingModel`, label: 'Pricing model', kind: 'select', options: pricingModels },
      {
        path: `${solution}.marketplaceTransactionDetails.isMarketplaceTransacted`,
        label: 'Marketplace transacted',
        kind: 'checkbox',
        owns: [`${solution}.marketplaceTransactionDetails`],
      },
    ],
  },
  {
    title: 'Contract',
    fields: [
      { path: 'contract.value', label: 'Contract value', kind: 'number' },
      { path: 'contract.currency', label: 'Contract currency', kind: 'select', options: taxonomy.currencies },
      { path: 'contract.term', label: 'Term', kind: 'select', options: contractTerms },
      { path: 'contract.signDateTime', label: 'Signed on', kind: 'date' },
      { path: 'contract.startDateTime', label: 'Starts on', kind: 'date' },
      { path: 'contract.endDateTime', label: 'Ends on', kind: 'date' },
    ],
  },
]

const registrationFields = registrationSections.flatMap((s) => s.fields)

/** A new registration's starting values: the eligible solution, the deal's currency, deployed on Azure. */
export function newRegistrationDraft(solutionId: string, currency: string): Draft {
  return {
    ...Object.fromEntries(registrationFields.map((field) => [field.path, readField({}, field)])),
    type: registrationTypes[0],
    [`${solution}.id`]: solutionId,
    [`${solution}.currency`]: currency,
    [`${solution}.isDeployedOnAzure`]: true,
    'contract.currency': currency,
    'contract.term': 'Finite',
  }
}

/** The registration the draft describes, as the API reads it. */
export function registrationOf(draft: Draft): Partial<Registration> {
  const result: Record<string, unknown> = {}
  for (const field of registrationFields) writeField(result, field, draft[field.path] ?? '')
  return result
}

/** Which field a problem's target names, with or without the `registrations[0].` in front. */
export function registrationFieldOf(target: string): FormField | undefined {
  const path = target.replace(/^registrations(\[0\])?\.?/, '')
  return registrationFields.find((field) => owns(field, path))
}
