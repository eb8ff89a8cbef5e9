// The Referral fields a list query may filter, sort and select on (the documented Referral and its
// enums), published as plain data. It matches query/'s Catalogue type structurally, so domain/
// imports nothing from query/ (README.md, Development).
import {
  assistanceRequestCodes,
  callsToAction,
  contractTerms,
  customerProfileIdTypes,
  directions,
  pricingModels,
  primaryDeploymentTargets,
  qualifications,
  referralSources,
  referralStatuses,
  referralSubstatuses,
  referralTypes,
  registrationStatuses,
  registrationTypes,
  solutionTypes,
  targetTypes,
} from './enums.js'

export type CatalogueField =
  | {
      readonly kind: 'scalar'
      readonly type: 'string' | 'number' | 'boolean' | 'datetime' | 'guid' | 'enum'
      readonly enumValues?: readonly string[]
    }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, CatalogueField>> }
  | { readonly kind: 'array'; readonly element: CatalogueField }

const string = { kind: 'scalar', type: 'string' } as const
const number = { kind: 'scalar', type: 'number' } as const
const boolean = { kind: 'scalar', type: 'boolean' } as const
const datetime = { kind: 'scalar', type: 'datetime' } as const
const guid = { kind: 'scalar', type: 'guid' } as const
// The helpers keep each field's literal type, so the SDK's filter builder can type paths and
// values from `typeof referralFields` (by `import type`, no code shared at run time).
const oneOf = <const T extends readonly string[]>(enumValues: T) =>
  ({ kind: 'scalar', type: 'enum', enumValues }) as const
const object = <const F extends Readonly<Record<string, CatalogueField>>>(fields: F) =>
  ({ kind: 'object', fields }) as const
const arrayOf = <const E extends CatalogueField>(element: E) => ({ kind: 'array', element }) as const

const member = object({
  firstName: string,
  lastName: string,
  phoneNumber: string,
  email: string,
  title: string,
  contactPreference: object({ locale: string, disableNotifications: boolean }),
})

const idTag = object({ id: string })
// `links` is left out: it depends on the serving host and is built on the way out, never stored.

const solution = object({
  id: string,
  name: string,
  type: oneOf(solutionTypes),
  solutionType: string,
  price: string,
  currency: string,
  quantity: number,
  publisherName: string,
  closingDateTime: datetime,
})

const registration = object({
  id: string,
  registrationDateTime: datetime,
  status: oneOf(registrationStatuses),
  statusReason: string,
  type: oneOf(registrationTypes),
  contract: object({
    value: number,
    currency: string,
    startDateTime: datetime,
    endDateTime: datetime,
    signDateTime: datetime,
    term: oneOf(contractTerms),
  }),
  solutionDetails: arrayOf(
    object({
      id: string,
      name: string,
      type: string,
      solutionType: string,
      price: string,
      currency: string,
      quantity: number,
      publisherName: string,
      value: number,
      incentives: arrayOf(string),
      isDeployedOnAzure: boolean,
      primaryDeploymentOn: oneOf(primaryDeploymentTargets),
      pricingModel: oneOf(pricingModels),
      marketplaceTransactionDetails: object({
        isMarketplaceTransacted: boolean,
        marketplaceTransactionDateTime: datetime,
      }),
    }),
  ),
  statusHistory: object({
    reviewPendingDateTime: datetime,
    actionRequiredDateTime: datetime,
    passedDateTime: datetime,
    failedDateTime: datetime,
    approvedDateTime: datetime,
  }),
})

export const referralFields = {
  id: guid,
  engagementId: guid,
  name: string,
  organizationId: guid,
  organizationName: string,
  lastModifiedVia: string,
  lastRunId: string,
  externalReferenceId: string,
  createdDateTime: datetime,
  updatedDateTime: datetime,
  expirationDateTime: datetime,
  status: oneOf(referralStatuses),
  substatus: oneOf(referralSubstatuses),
  statusReason: string,
  qualification: oneOf(qualifications),
  type: oneOf(referralTypes),
  referralSource: oneOf(referralSources),
  eTag: string,
  favorite: boolean,
  campaignId: string,
  salesStage: string, // free string: connector enum and numeric strings both occur
  quality: string,
  isSpam: boolean,
  direction: oneOf(directions),
  mpnId: string,
  referralProgram: string,
  dealSensitivity: string,
  createdVia: string,
  tags: arrayOf(string), // observed only as []
  acceptedDateTime: datetime,
  closedDateTime: datetime,
  callToAction: oneOf(callsToAction),
  registrationStatus: oneOf(registrationStatuses),
  target: arrayOf(object({ type: oneOf(targetTypes), id: string })),
  customerProfile: object({
    name: string,
    size: string,
    isMatchingComplete: boolean,
    address: object({
      addressLine1: string,
      addressLine2: string,
      city: string,
      state: string,
      postalCode: string,
      country: string,
      region: string,
    }),
    team: arrayOf(member),
    ids: arrayOf(object({ profileType: oneOf(customerProfileIdTypes), id: string })),
  }),
  consent: object({
    consentToToShareInfoWithOthers: boolean, // the double "To" is the real name
    consentToContact: boolean,
    consentToShareReferralWithMicrosoftSellers: boolean,
    consentToMicrosoftToContactSpecificPartners: boolean,
  }),
  details: object({
    notes: string,
    dealValue: number,
    currency: string,
    closingDateTime: datetime,
    customerRequestedContact: boolean,
    customerAction: string,
    incentiveLevel: string,
    requirements: object({
      industries: arrayOf(idTag),
      products: arrayOf(idTag),
      services: arrayOf(idTag),
      solutions: arrayOf(solution),
      offers: arrayOf(
        object({
          id: string,
          name: string,
          type: oneOf(solutionTypes),
          offerType: string,
          publisherName: string,
        }),
      ),
      salesPlays: arrayOf(string), // observed only as [], undocumented in the requirements
      additionalRequirements: object({
        iot: object({
          customerLicenseAgreementNumber: string,
          deviceCategory: string,
          siliconType: string,
          azureCertifiedDevice: boolean,
          attachServices: boolean,
        }),
        attributes: arrayOf(object({ id: string, type: string })),
      }),
    }),
  }),
  team: arrayOf(member),
  inviteContext: object({
    notes: string,
    assistanceRequestCode: oneOf(assistanceRequestCodes),
    invitedMpnId: string,
    invitedBy: object({ organizationId: string, organizationName: string }),
  }),
  trackingInfo: object({
    microsoftMsxId: string,
    microsoftUSFedOpportunityId: string,
    microsoftUSFedLeadId: string,
    migratedPSCDealId: string,
    migratedPSCPartnerDealId: string,
  }),
  registrations: arrayOf(registration),
} as const satisfies Readonly<Record<string, CatalogueField>>

export const referralCatalogue: Readonly<Record<string, CatalogueField>> = referralFields
