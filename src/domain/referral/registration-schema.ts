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
import {
  Enum,
  List,
  NullableBoolean,
  NullableDateTime,
  NullableEnum,
  NullableNumber,
  NullableString,
} from './schema-helpers.js'

export const ContractSchema = Type.Object({
  value: NullableNumber(),
  currency: NullableString(),
  startDateTime: NullableDateTime(),
  endDateTime: NullableDateTime(),
  signDateTime: NullableDateTime(),
  term: NullableEnum(contractTerms),
})

export const SolutionDetailSchema = Type.Object({
  id: NullableString(),
  name: NullableString(),
  type: NullableString(),
  solutionType: NullableString(),
  price: NullableString(),
  currency: NullableString(),
  quantity: NullableNumber(),
  publisherName: NullableString(),
  value: NullableNumber(),
  incentives: List(Type.String()),
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
  id: NullableString(),
  registrationDateTime: NullableDateTime(),
  status: Enum(registrationStatuses, 'None'),
  statusReason: NullableString(),
  type: Enum(registrationTypes, 'AzureIPCoSell'),
  contract: ContractSchema,
  solutionDetails: List(SolutionDetailSchema),
  statusHistory: StatusHistorySchema,
})

export type Registration = Static<typeof RegistrationSchema>
