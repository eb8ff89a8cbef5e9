// What pickers offer: the API's enumerations and the taxonomies (products, industries, the FY26
// solution area → play pairs), as the server itself checks them. Data only: no server code.
export {
  contractTerms,
  directions,
  pricingModels,
  primaryDeploymentTargets,
  qualifications,
  referralStatuses,
  referralSubstatuses,
  referralTypes,
  registrationTypes,
} from '../domain/referral/enums.js'
export { taxonomy } from '../domain/taxonomy/taxonomy.js'
export {
  serviceOnlySubstatuses,
  statusRules,
  substatusesNeedingReason,
} from '../domain/lifecycle/transitions.js'
