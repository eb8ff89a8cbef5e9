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
import { maxItems, maxLength } from './limits.js'
import {
  BoundedList,
  DateTime,
  Enum,
  Nullable,
  NullableBoolean,
  NullableDateTime,
  NullableEnum,
  NullableNumber,
  NullableString,
  Text,
} from './schema-helpers.js'

const { code, id, name, email, notes, url } = maxLength

export const ContactPreferenceSchema = Type.Object({
  locale: NullableString(code),
  disableNotifications: NullableBoolean(),
})

export const MemberSchema = Type.Object({
  firstName: NullableString(name),
  lastName: NullableString(name),
  phoneNumber: NullableString(code),
  email: NullableString(email),
  title: NullableString(name),
  contactPreference: ContactPreferenceSchema,
})

export const AddressSchema = Type.Object({
  addressLine1: NullableString(name),
  addressLine2: NullableString(name),
  city: NullableString(name),
  state: NullableString(name),
  postalCode: NullableString(code),
  country: NullableString(code),
  region: NullableString(name),
})

export const CustomerProfileIdSchema = Type.Object({
  profileType: Enum(customerProfileIdTypes, 'External'),
  id: Text(id),
})

export const CustomerProfileSchema = Type.Object({
  name: NullableString(name),
  size: NullableString(code),
  isMatchingComplete: Type.Boolean({ default: false }),
  address: AddressSchema,
  team: BoundedList(MemberSchema, maxItems.portal),
  ids: BoundedList(CustomerProfileIdSchema, maxItems.list),
})

export const ConsentSchema = Type.Object({
  consentToToShareInfoWithOthers: NullableBoolean(), // the double "To" is the real name
  consentToContact: NullableBoolean(),
  consentToShareReferralWithMicrosoftSellers: Type.Boolean({ default: false }),
  consentToMicrosoftToContactSpecificPartners: NullableBoolean(),
})

export const IdTagSchema = Type.Object({ id: Text(id) })

export const SolutionTagSchema = Type.Object({
  id: Text(id),
  name: NullableString(name),
  type: Enum(solutionTypes, 'None'),
  price: NullableString(code),
  quantity: NullableNumber(),
  currency: NullableString(code),
  publisherName: NullableString(name),
  solutionType: NullableString(code),
  closingDateTime: NullableDateTime(),
})

export const OfferTagSchema = Type.Object({
  id: Text(id),
  name: NullableString(name),
  type: Enum(solutionTypes, 'None'),
  offerType: NullableString(code),
  publisherName: NullableString(name),
})

export const AttributeTagSchema = Type.Object({ id: Text(id), type: Text(name) })

export const IotRequirementsSchema = Type.Object({
  customerLicenseAgreementNumber: NullableString(id),
  deviceCategory: NullableString(name),
  siliconType: NullableString(name),
  azureCertifiedDevice: Type.Boolean({ default: false }),
  attachServices: Type.Boolean({ default: false }),
})

export const RequirementsSchema = Type.Object({
  industries: BoundedList(IdTagSchema, maxItems.list),
  products: BoundedList(IdTagSchema, maxItems.list),
  services: BoundedList(IdTagSchema, maxItems.list),
  solutions: BoundedList(SolutionTagSchema, maxItems.portal),
  offers: BoundedList(OfferTagSchema, maxItems.list),
  salesPlays: BoundedList(Type.Unknown(), maxItems.list),
  additionalRequirements: Type.Object({
    iot: IotRequirementsSchema,
    attributes: BoundedList(AttributeTagSchema, maxItems.list),
  }),
})

export const DetailsSchema = Type.Object({
  notes: NullableString(notes),
  dealValue: NullableNumber(),
  currency: NullableString(code),
  closingDateTime: NullableDateTime(),
  customerRequestedContact: NullableBoolean(),
  customerAction: NullableString(name),
  incentiveLevel: NullableString(name),
  requirements: RequirementsSchema,
})

export const InviteContextSchema = Type.Object({
  notes: NullableString(notes),
  assistanceRequestCode: Enum(assistanceRequestCodes, 'Unknown'),
  invitedMpnId: NullableString(code),
  invitedBy: Type.Object({ organizationId: NullableString(id), organizationName: NullableString(name) }),
})

export const LinkSchema = Type.Object({ uri: Text(url), method: Text(code) })

export const TargetSchema = Type.Object({ type: Enum(targetTypes, 'None'), id: Text(id) })

export const TrackingInfoSchema = Type.Object({
  microsoftMsxId: NullableString(id),
  microsoftUSFedOpportunityId: NullableString(id),
  microsoftUSFedLeadId: NullableString(id),
  migratedPSCDealId: NullableString(id),
  migratedPSCPartnerDealId: NullableString(id),
})

export const ReferralSchema = Type.Object(
  {
    id: Text(id),
    engagementId: Text(id),
    name: NullableString(name),
    organizationId: Text(id),
    organizationName: Text(name),
    lastModifiedVia: NullableString(code),
    lastRunId: NullableString(id),
    externalReferenceId: NullableString(id),
    createdDateTime: DateTime(),
    updatedDateTime: DateTime(),
    expirationDateTime: NullableDateTime(),
    status: Enum(referralStatuses, 'Active'),
    substatus: Enum(referralSubstatuses, 'Accepted'),
    statusReason: NullableString(maxLength.statusReason),
    qualification: Enum(qualifications, 'None'),
    type: Enum(referralTypes, 'Independent'),
    referralSource: NullableEnum(referralSources),
    eTag: Text(id),
    favorite: Type.Boolean({ default: false }),
    campaignId: NullableString(id),
    salesStage: NullableString(code), // free string: connector enum and numeric strings both occur
    quality: Type.String({ default: 'Unknown', maxLength: code }),
    isSpam: Type.Boolean({ default: false }),
    direction: Enum(directions, 'Outgoing'),
    mpnId: NullableString(code),
    referralProgram: NullableString(name),
    dealSensitivity: Type.String({ default: 'None', maxLength: code }),
    createdVia: NullableString(code),
    tags: BoundedList(Type.Unknown(), maxItems.list),
    acceptedDateTime: NullableDateTime(),
    closedDateTime: NullableDateTime(),
    callToAction: NullableEnum(callsToAction),
    registrationStatus: Enum(registrationStatuses, 'None'),
    target: BoundedList(TargetSchema, maxItems.list),
    customerProfile: CustomerProfileSchema,
    consent: ConsentSchema,
    details: DetailsSchema,
    team: BoundedList(MemberSchema, maxItems.portal),
    inviteContext: InviteContextSchema,
    links: Nullable(Type.Object({ relatedReferrals: LinkSchema, self: LinkSchema })),
    trackingInfo: TrackingInfoSchema,
    registrations: BoundedList(RegistrationSchema, maxItems.registrations),
  },
  { $id: 'Referral' },
)

export type Referral = Static<typeof ReferralSchema>
export type Member = Static<typeof MemberSchema>
export type SolutionTag = Static<typeof SolutionTagSchema>
export type AttributeTag = Static<typeof AttributeTagSchema>
