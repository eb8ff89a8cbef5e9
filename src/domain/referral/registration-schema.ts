// Deal registration (Azure IP co-sell), the documented registration model. At most one per
// referral.
import Type, { type Static } from 'typebox'
import {
  contractTerms,
  pricingModels,
  primaryDeploymentTargets,
  registrationStatuses,
  registrationTypes,
} from './enums.js'
import { maxItems, maxLength } from './limits.js'
import {
  BoundedList,
  Enum,
  NullableBoolean,
  NullableDateTime,
  NullableEnum,
  NullableNumber,
  NullableString,
} from './schema-helpers.js'

export const ContractSchema = Type.Object({
  value: NullableNumber(),
  currency: NullableString(maxLength.code),
  startDateTime: NullableDateTime(),
  endDateTime: NullableDateTime(),
  signDateTime: NullableDateTime(),
  term: NullableEnum(contractTerms),
})

export const SolutionDetailSchema = Type.Object({
  id: NullableString(maxLength.id),
  name: NullableString(maxLength.name),
  type: NullableString(maxLength.code),
  solutionType: NullableString(maxLength.code),
  price: NullableString(maxLength.code),
  currency: NullableString(maxLength.code),
  quantity: NullableNumber(),
  publisherName: NullableString(maxLength.name),
  value: NullableNumber(),
  incentives: BoundedList(Type.String({ maxLength: maxLength.name }), maxItems.list),
  isDeployedOnAzure: NullableBoolean(),
  primaryDeploymentOn: NullableEnum(primaryDeploymentTargets),
  pricingModel: NullableEnum(pricingModels),
  marketplaceTransactionDetails: Type.Object({
    isMarketplaceTransacted: NullableBoolean(),
    marketplaceTransactionDateTime: NullableDateTime(),
  }),
})

export const StatusHistorySchema = Type.Object({
  reviewPendingDateTime: NullableDateTime(),
  actionRequiredDateTime: NullableDateTime(),
  passedDateTime: NullableDateTime(),
  failedDateTime: NullableDateTime(),
  approvedDateTime: NullableDateTime(),
})

export const RegistrationSchema = Type.Object({
  id: NullableString(maxLength.id),
  registrationDateTime: NullableDateTime(),
  status: Enum(registrationStatuses, 'None'),
  statusReason: NullableString(maxLength.statusReason),
  type: Enum(registrationTypes, 'AzureIPCoSell'),
  contract: ContractSchema,
  solutionDetails: BoundedList(SolutionDetailSchema, maxItems.portal),
  statusHistory: StatusHistorySchema,
})

export type Registration = Static<typeof RegistrationSchema>
