// HubSpot: deals through the CRM v3 API, with a private app's access token.
import Type, { type Static } from 'typebox'
import { readSecret, SecretSchema } from '../config/secret.js'
import type { Mapping } from '../mapping/mapping-schema.js'
import type { ConnectorContext, ConnectorType } from './connector-type.js'
import { HubSpotConnector } from './hubspot/hubspot-connector.js'
import { fixedToken } from './http/bearer-token.js'
import { CrmHttp, type VendorDialect } from './http/crm-http.js'
import {
  OriginSchema,
  RetrySettingsSchema,
  retryOptions,
  withoutTrailingSlash,
} from './http/http-settings.js'
import { createdReferralDefaults, mappedFields, stageField } from './mapping-defaults.js'

export const HubSpotSettingsSchema = Type.Object(
  {
    type: Type.Literal('hubspot'),
    baseUrl: Type.Optional(OriginSchema('Default https://api.hubapi.com.')),
    accessToken: SecretSchema,
    properties: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z0-9_]+$' }), {
        minItems: 1,
        description: 'The deal properties read. Default: those the default mapping names.',
      }),
    ),
    retry: Type.Optional(RetrySettingsSchema),
  },
  { additionalProperties: false },
)

export type HubSpotSettings = Static<typeof HubSpotSettingsSchema>

const dealMapping: Mapping = {
  crmReferralId: 'partner_center_referral_id',
  syncFlag: { field: 'sync_with_partner_center', values: ['true'] },
  fields: [
    { crm: 'dealname', referral: 'name' },
    { crm: 'amount', referral: 'details.dealValue', format: 'number' },
    { crm: 'closedate', referral: 'details.closingDateTime', format: 'date' },
    { crm: 'description', referral: 'details.notes' },
    stageField('dealstage', {
      pending: 'appointmentscheduled',
      accepted: ['qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'],
      won: 'closedwon',
      lost: ['closedlost'],
    }),
  ],
  defaults: { referral: createdReferralDefaults },
}

export const hubspotConnector: ConnectorType<typeof HubSpotSettingsSchema> = {
  type: 'hubspot',
  settings: HubSpotSettingsSchema,
  open(settings, context) {
    return new Promise((resolve) => resolve(openHubSpot(settings, context)))
  },
  defaultMapping() {
    return dealMapping
  },
}

function openHubSpot(settings: HubSpotSettings, context: ConnectorContext): HubSpotConnector {
  const http = new CrmHttp({
    dialect: hubspotDialect,
    token: fixedToken(readSecret(settings.accessToken, context.env, 'hubspot accessToken')),
    retry: retryOptions(settings.retry),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  })
  const base = withoutTrailingSlash(settings.baseUrl ?? 'https://api.hubapi.com')
  const properties = settings.properties ?? mappedFields(dealMapping)
  return new HubSpotConnector(http, { objects: `${base}/crm/v3/objects/deals`, properties })
}

interface HubSpotError {
  readonly message?: unknown
  readonly category?: unknown
  readonly errorType?: unknown
}

/**
 * HubSpot's errors: `{ status: 'error', message, category | errorType, correlationId }`. A 429
 * names its policy and sends X-HubSpot-RateLimit-Interval-Milliseconds rather than Retry-After.
 */
const hubspotDialect: VendorDialect = {
  name: 'HubSpot',
  errorMessage(body) {
    const error = body as HubSpotError | undefined
    if (typeof error?.message !== 'string') return undefined
    const kind = error.category ?? error.errorType
    return typeof kind === 'string' ? `${error.message} (${kind})` : error.message
  },
  waitWithoutRetryAfter(headers) {
    const interval = Number(headers.get('x-hubspot-ratelimit-interval-milliseconds'))
    return Number.isFinite(interval) && interval > 0 ? interval : undefined
  },
}
