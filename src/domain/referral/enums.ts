// Enumerations of the Referral resource (the documented enums). Values are the canonical spellings
// emitted on the wire; input matching is case-insensitive (the wire conventions).

export const referralStatuses = ['None', 'New', 'Active', 'Closed'] as const
export const referralSubstatuses = [
  'None',
  'Pending',
  'Received',
  'Accepted',
  'Won',
  'Lost',
  'Declined',
  'Expired',
  'Error',
] as const
export const referralTypes = ['Shared', 'Independent'] as const
export const qualifications = ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] as const
export const referralSources = ['AppSource', 'AzureMarketplace', 'AzurePortal', 'PowerBI'] as const
export const callsToAction = ['ContactMe', 'FreeTrial', 'GetItNow'] as const
export const directions = ['Incoming', 'Outgoing'] as const
export const solutionTypes = ['None', 'Category', 'Name'] as const
export const targetTypes = ['None', 'BusinessProfileLocation', 'SolutionProfile'] as const
export const customerProfileIdTypes = ['Duns', 'External', 'Moodys'] as const
export const assistanceRequestCodes = [
  'Unknown',
  'GeneralOrOther',
  'CustomerTechnicalArchitecture',
  'ProofOfConceptOrDemo',
  'QuotesOrLicensing',
  'PostSalesCustomerSuccess',
  'WorkloadSpecificValueProposition',
] as const
// Closed is an extra terminal value from the CSV article
export const registrationStatuses = [
  'None',
  'ReviewPending',
  'ActionRequired',
  'Approved',
  'Failed',
  'Passed',
  'Closed',
] as const
export const registrationTypes = ['AzureIPCoSell'] as const
export const contractTerms = ['Perpetual', 'Finite'] as const
export const primaryDeploymentTargets = ['Customer', 'Partner'] as const
export const pricingModels = ['Other', 'PayAsYouGo'] as const
export const customerMarketplaceIntents = ['Yes', 'No', 'HaveNotDecided'] as const

export type ReferralStatus = (typeof referralStatuses)[number]
export type ReferralSubstatus = (typeof referralSubstatuses)[number]
export type ReferralType = (typeof referralTypes)[number]
export type Direction = (typeof directions)[number]
