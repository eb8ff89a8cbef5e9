// The Referral resource (the documented Referral) as TypeBox schemas: the single source of the
// static types, of validation after normalisation, of the emitted shape and of the OpenAPI
// document. Property order is the observed wire order of real 2022 payloads (the documented
// properties), so serialising a completed value reproduces it byte for byte.
import Type, { type Static } from 'typebox'
import {
  assistanceRequestCodes,
  callsToAction,
  customerProfileIdTypes,
  directions,
  qualifications,
  referralSources,
  referralStatuses,
  referralSubstatuses,
  referralTypes,
  registrationStatuses,
  solutionTypes,
  targetTypes,
} from './enums.js'
import { RegistrationSchema } from './registration-schema.js'
import {
  DateTime,
  Enum,
  List,
  Nullable,
  NullableBoolean,
  NullableDateTime,
  NullableEnum,
  NullableNumber,
  NullableString,
} from './schema-helpers.js'

export const maxSolutions = 50 // portal limit (the CSV upload article)
export const maxTeamMembers = 50 // portal limit (the CSV upload article)

export const ContactPreferenceSchema = Type.Object({
  locale: NullableString(),
  disableNotifications: NullableBoolean(),
})

export const MemberSchema = Type.Object({
  firstName: NullableString(),
  lastName: NullableString(),
  phoneNumber: NullableString(),
  email: NullableString(),
  title: NullableString(),
  contactPreference: ContactPreferenceSchema,
})

export const AddressSchema = Type.Object({
  addressLine1: NullableString(),
  addressLine2: NullableString(),
  city: NullableString(),
  state: NullableString(),
  postalCode: NullableString(),
  country: NullableString(),
  region: NullableString(),
})

export const CustomerProfileIdSchema = Type.Object({
  profileType: Enum(customerProfileIdTypes, 'External'),
  id: Type.String(),
})

export const CustomerProfileSchema = Type.Object({
  name: NullableString(),
  size: NullableString(),
  isMatchingComplete: Type.Boolean({ default: false }),
  address: AddressSchema,
  team: List(MemberSchema, { maxItems: 50 }),
  ids: List(CustomerProfileIdSchema),
})

export const ConsentSchema = Type.Object({
  consentToToShareInfoWithOthers: NullableBoolean(), // the double "To" is the real name (decision 3)
  consentToContact: NullableBoolean(),
  consentToShareReferralWithMicrosoftSellers: Type.Boolean({ default: false }),
  consentToMicrosoftToContactSpecificPartners: NullableBoolean(),
})

export const IdTagSchema = Type.Object({ id: Type.String() })

export const SolutionTagSchema = Type.Object({
  id: Type.String(),
  name: NullableString(),
  type: Enum(solutionTypes, 'None'),
  price: NullableString(),
  quantity: NullableNumber(),
  currency: NullableString(),
  publisherName: NullableString(),
  solutionType: NullableString(),
  closingDateTime: NullableDateTime(),
})

export const OfferTagSchema = Type.Object({
  id: Type.String(),
  name: NullableString(),
  type: Enum(solutionTypes, 'None'),
  offerType: NullableString(),
  publisherName: NullableString(),
})

export const AttributeTagSchema = Type.Object({ id: Type.String(), type: Type.String() })

export const IotRequirementsSchema = Type.Object({
  customerLicenseAgreementNumber: NullableString(),
  deviceCategory: NullableString(),
  siliconType: NullableString(),
  azureCertifiedDevice: Type.Boolean({ default: false }),
  attachServices: Type.Boolean({ default: false }),
})

export const RequirementsSchema = Type.Object({
  industries: List(IdTagSchema),
  products: List(IdTagSchema),
  services: List(IdTagSchema),
  solutions: List(SolutionTagSchema, { maxItems: 50 }),
  offers: List(OfferTagSchema),
  salesPlays: List(Type.Unknown()),
  additionalRequirements: Type.Object({
    iot: IotRequirementsSchema,
    attributes: List(AttributeTagSchema),
  }),
})

export const DetailsSchema = Type.Object({
  notes: NullableString(),
  dealValue: NullableNumber(),
  currency: NullableString(),
  closingDateTime: NullableDateTime(),
  customerRequestedContact: NullableBoolean(),
  customerAction: NullableString(),
  incentiveLevel: NullableString(),
  requirements: RequirementsSchema,
})

export const InviteContextSchema = Type.Object({
  notes: NullableString(),
  assistanceRequestCode: Enum(assistanceRequestCodes, 'Unknown'),
  invitedMpnId: NullableString(),
  invitedBy: Type.Object({ organizationId: NullableString(), organizationName: NullableString() }),
})

export const LinkSchema = Type.Object({ uri: Type.String(), method: Type.String() })

export const TargetSchema = Type.Object({ type: Enum(targetTypes, 'None'), id: Type.String() })

export const TrackingInfoSchema = Type.Object({
  microsoftMsxId: NullableString(),
  microsoftUSFedOpportunityId: NullableString(),
  microsoftUSFedLeadId: NullableString(),
  migratedPSCDealId: NullableString(),
  migratedPSCPartnerDealId: NullableString(),
})

export const ReferralSchema = Type.Object(
  {
    id: Type.String(),
    engagementId: Type.String(),
    name: NullableString(),
    organizationId: Type.String(),
    organizationName: Type.String(),
    lastModifiedVia: NullableString(),
    lastRunId: NullableString(),
    externalReferenceId: NullableString(),
    createdDateTime: DateTime(),
    updatedDateTime: DateTime(),
    expirationDateTime: NullableDateTime(),
    status: Enum(referralStatuses, 'Active'),
    substatus: Enum(referralSubstatuses, 'Accepted'),
    statusReason: NullableString(),
    qualification: Enum(qualifications, 'None'),
    type: Enum(referralTypes, 'Independent'),
    referralSource: NullableEnum(referralSources),
    eTag: Type.String(),
    favorite: Type.Boolean({ default: false }),
    campaignId: NullableString(),
    salesStage: NullableString(), // free string: connector enum and numeric strings both occur (decision 18)
    quality: Type.String({ default: 'Unknown' }),
    isSpam: Type.Boolean({ default: false }),
    direction: Enum(directions, 'Outgoing'),
    mpnId: NullableString(),
    referralProgram: NullableString(),
    dealSensitivity: Type.String({ default: 'None' }),
    createdVia: NullableString(),
    tags: List(Type.Unknown()),
    acceptedDateTime: NullableDateTime(),
    closedDateTime: NullableDateTime(),
    callToAction: NullableEnum(callsToAction),
    registrationStatus: Enum(registrationStatuses, 'None'),
    target: List(TargetSchema),
    customerProfile: CustomerProfileSchema,
    consent: ConsentSchema,
    details: DetailsSchema,
    team: List(MemberSchema, { maxItems: 50 }),
    inviteContext: InviteContextSchema,
    links: Nullable(Type.Object({ relatedReferrals: LinkSchema, self: LinkSchema })),
    trackingInfo: TrackingInfoSchema,
    registrations: List(RegistrationSchema, { maxItems: 1 }),
  },
  { $id: 'Referral' },
)

export type Referral = Static<typeof ReferralSchema>
export type Member = Static<typeof MemberSchema>
export type SolutionTag = Static<typeof SolutionTagSchema>
export type AttributeTag = Static<typeof AttributeTagSchema>
