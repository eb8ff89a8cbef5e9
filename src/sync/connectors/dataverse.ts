// Dynamics 365 / Dataverse: opportunities or leads through the Dataverse Web API, signed in as an
// application user with OAuth 2.0 client credentials against Microsoft Entra ID.
import Type, { type Static } from 'typebox'
import { requestToken } from '../../client/token-endpoint.js'
import { readSecret, SecretSchema } from '../config/secret.js'
import type { ConnectorContext, ConnectorType } from './connector-type.js'
import { DataverseConnector } from './dataverse/dataverse-connector.js'
import { dataverseTables } from './dataverse/dataverse-tables.js'
import { grantedToken } from './http/bearer-token.js'
import { CrmHttp } from './http/crm-http.js'
import {
  OriginSchema,
  RetrySettingsSchema,
  retryOptions,
  withoutTrailingSlash,
} from './http/http-settings.js'
import { mappedFields } from './mapping-defaults.js'

export const DataverseSettingsSchema = Type.Object(
  {
    type: Type.Literal('dataverse'),
    url: OriginSchema('The environment URL: https://org.crm.dynamics.com.'),
    entity: Type.Enum(['opportunity', 'lead']),
    apiVersion: Type.Optional(Type.String({ pattern: '^[0-9]+\\.[0-9]+$', description: 'Default 9.2.' })),
    columns: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), {
        minItems: 1,
        description: 'The columns read ($select). Default: those the default mapping names.',
      }),
    ),
    auth: Type.Object(
      {
        tenantId: Type.String({ minLength: 1 }),
        clientId: Type.String({ minLength: 1 }),
        clientSecret: SecretSchema,
        authority: Type.Optional(OriginSchema('Default https://login.microsoftonline.com.')),
      },
      { additionalProperties: false },
    ),
    retry: Type.Optional(RetrySettingsSchema),
  },
  { additionalProperties: false },
)

export type DataverseSettings = Static<typeof DataverseSettingsSchema>

export const dataverseConnector: ConnectorType<typeof DataverseSettingsSchema> = {
  type: 'dataverse',
  settings: DataverseSettingsSchema,

  open(settings, context) {
    return new Promise((resolve) => resolve(openDataverse(settings, context)))
  },

  defaultMapping(settings) {
    return dataverseTables[settings.entity].mapping
  },
}

function openDataverse(settings: DataverseSettings, context: ConnectorContext): DataverseConnector {
  const url = withoutTrailingSlash(settings.url)
  const { auth } = settings
  const clientSecret = readSecret(auth.clientSecret, context.env, 'dataverse auth.clientSecret')
  const authority = `${withoutTrailingSlash(auth.authority ?? 'https://login.microsoftonline.com')}/${auth.tenantId}`
  const tokenOptions = {
    authority,
    clientId: auth.clientId,
    clientSecret,
    scope: `${url}/.default`,
    ...(context.fetch ? { fetch: context.fetch } : {}),
  }
  const token = grantedToken(() => requestToken(tokenOptions, { grant_type: 'client_credentials' }))
  const http = new CrmHttp({
    dialect: dataverseDialect,
    token,
    retry: retryOptions(settings.retry),
    ...(context.fetch ? { fetch: context.fetch } : {}),
  })
  const table = dataverseTables[settings.entity]
  const target = {
    api: `${url}/api/data/v${settings.apiVersion ?? '9.2'}`,
    entity: settings.entity,
    set: table.set,
    key: table.key,
    columns: settings.columns ?? mappedFields(table.mapping),
  }
  return new DataverseConnector(http, target)
}

/** Dataverse's errors: `{ "error": { "code": "0x80060882", "message": "…" } }`; 429 carries Retry-After. */
const dataverseDialect = {
  name: 'Dataverse',
  errorMessage(body: unknown): string | undefined {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
    if (typeof error?.message !== 'string') return undefined
    return typeof error.code === 'string' ? `${error.message} (${error.code})` : error.message
  },
}
