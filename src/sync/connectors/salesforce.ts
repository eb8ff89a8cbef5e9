// Salesforce: opportunities (or another object) through the REST API, signed in with the OAuth 2.0
// client credentials flow of a connected app.
import Type, { type Static } from 'typebox'
import { readSecret, SecretSchema } from '../config/secret.js'
import type { Mapping } from '../mapping/mapping-schema.js'
import type { ConnectorContext, ConnectorType } from './connector-type.js'
import { grantedToken } from './http/bearer-token.js'
import { CrmHttp, type VendorDialect } from './http/crm-http.js'
import {
  OriginSchema,
  RetrySettingsSchema,
  retryOptions,
  withoutTrailingSlash,
} from './http/http-settings.js'
import { createdReferralDefaults, mappedFields, stageField } from './mapping-defaults.js'
import { SalesforceConnector } from './salesforce/salesforce-connector.js'
import { primaryContactPrefix, salesforceFieldPattern } from './salesforce/salesforce-fields.js'
import { salesforceToken } from './salesforce/salesforce-token.js'

export const SalesforceSettingsSchema = Type.Object(
  {
    type: Type.Literal('salesforce'),
    instanceUrl: OriginSchema('The org’s My Domain URL: https://contoso.my.salesforce.com.'),
    apiVersion: Type.Optional(Type.String({ pattern: '^v[0-9]+\\.[0-9]$', description: 'Default v60.0.' })),
    object: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9_]*$',
        description: 'The sObject synced. Default Opportunity.',
      }),
    ),
    fields: Type.Optional(
      Type.Array(Type.String({ pattern: salesforceFieldPattern }), {
        minItems: 1,
        description: 'The fields read. Default: those the default mapping names.',
      }),
    ),
    auth: Type.Object(
      {
        tokenUrl: Type.Optional(
          Type.String({
            pattern: '^https?://\\S+$',
            description: 'Default {instanceUrl}/services/oauth2/token.',
          }),
        ),
        clientId: Type.String({ minLength: 1, description: 'The connected app’s consumer key.' }),
        clientSecret: SecretSchema,
      },
      { additionalProperties: false },
    ),
    retry: Type.Optional(RetrySettingsSchema),
  },
  { additionalProperties: false },
)

export type SalesforceSettings = Static<typeof SalesforceSettingsSchema>

const contact = (field: string) => `${primaryContactPrefix}${field}`

const opportunityMapping: Mapping = {
  crmReferralId: 'Partner_Center_Referral_Id__c',
  syncFlag: { field: 'Sync_With_Partner_Center__c', values: [true] },
  fields: [
    { crm: 'Name', referral: 'name' },
    { crm: 'Customer_Account_Name__c', referral: 'customerProfile.name' },
    { crm: contact('FirstName'), referral: 'customerProfile.team[0].firstName' },
    { crm: contact('LastName'), referral: 'customerProfile.team[0].lastName' },
    { crm: contact('Email'), referral: 'customerProfile.team[0].email' },
    { crm: contact('Phone'), referral: 'customerProfile.team[0].phoneNumber' },
    { crm: 'Amount', referral: 'details.dealValue', format: 'number' },
    { crm: 'CloseDate', referral: 'details.closingDateTime', format: 'date' },
    { crm: 'Description', referral: 'details.notes' },
    stageField('StageName', {
      pending: 'Prospecting',
      accepted: [
        'Qualification',
        'Needs Analysis',
        'Value Proposition',
        'Id. Decision Makers',
        'Perception Analysis',
        'Proposal/Price Quote',
        'Negotiation/Review',
      ],
      won: 'Closed Won',
      lost: ['Closed Lost'],
    }),
  ],
  defaults: { referral: createdReferralDefaults },
}

export const salesforceConnector: ConnectorType<typeof SalesforceSettingsSchema> = {
  type: 'salesforce',
  settings: SalesforceSettingsSchema,

  open(settings, context) {
    return new Promise((resolve) => resolve(openSalesforce(settings, context)))
  },

  /** The Opportunity mapping (for another object, a starting point to edit). */
  defaultMapping() {
    return opportunityMapping
  },
}

function openSalesforce(settings: SalesforceSettings, context: ConnectorContext): SalesforceConnector {
  const instanceUrl = withoutTrailingSlash(settings.instanceUrl)
  const object = settings.object ?? 'Opportunity'
  const fields = settings.fields ?? mappedFields(opportunityMapping)
  if (object !== 'Opportunity' && fields.some((f) => f.startsWith(primaryContactPrefix))) {
    throw new Error(
      `salesforce fields: ${primaryContactPrefix}… fields exist on Opportunity only, not ${object}`,
    )
  }
  const credentials = {
    tokenUrl: settings.auth.tokenUrl ?? `${instanceUrl}/services/oauth2/token`,
    clientId: settings.auth.clientId,
    clientSecret: readSecret(settings.auth.clientSecret, context.env, 'salesforce auth.clientSecret'),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  }
  const http = new CrmHttp({
    dialect: salesforceDialect,
    token: grantedToken(() => salesforceToken(credentials)),
    retry: retryOptions(settings.retry),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  })
  const api = `${instanceUrl}/services/data/${settings.apiVersion ?? 'v60.0'}`
  return new SalesforceConnector(http, { instanceUrl, api, object, fields })
}

interface SalesforceError {
  readonly message?: unknown
  readonly errorCode?: unknown
  readonly fields?: unknown
}

/** Salesforce's errors are lists: `[{ "message": "…", "errorCode": "…", "fields": [...] }]`. */
const salesforceDialect: VendorDialect = {
  name: 'Salesforce',
  errorMessage(body) {
    if (!Array.isArray(body) || body.length === 0) return undefined
    return (body as SalesforceError[])
      .map((e) => {
        const fields = Array.isArray(e.fields) && e.fields.length ? ` (fields: ${e.fields.join(', ')})` : ''
        return `${String(e.errorCode)}: ${String(e.message)}${fields}`
      })
      .join('; ')
  },
  /** REQUEST_LIMIT_EXCEEDED (403) is the org's API request limit: waited out as a rate limit. */
  rateLimited(status, body) {
    return (
      status === 403 &&
      Array.isArray(body) &&
      (body as SalesforceError[]).some((e) => e.errorCode === 'REQUEST_LIMIT_EXCEEDED')
    )
  },
}
