// The `mirror` block of the sync configuration: which Referrals API endpoint to copy from, how to
// sign in to it, which of its referrals, and the seed of the fakes.
import Type, { type Static } from 'typebox'
import { SecretSchema } from '../../config/secret.js'

export const defaultBaseUrl = 'https://api.partner.microsoft.com'
export const defaultAuthority = 'https://login.microsoftonline.com'

const Text = (description: string) => Type.String({ minLength: 1, description })

export const TokenAuthSchema = Type.Object(
  { token: SecretSchema },
  { additionalProperties: false, description: 'A bearer token, sent as it is.' },
)

export const ClientCredentialsAuthSchema = Type.Object(
  {
    tenantId: Text('The tenant to sign in to: a GUID or a domain name.'),
    clientId: Text('The app registration (client) id.'),
    clientSecret: SecretSchema,
    authority: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: `Default ${defaultAuthority}; the tenant is appended.`,
      }),
    ),
    scope: Type.Optional(Text('Default https://api.partner.microsoft.com/.default.')),
  },
  {
    additionalProperties: false,
    description: 'An app token (client credentials grant), renewed before it expires.',
  },
)

export const MirrorSettingsSchema = Type.Object(
  {
    type: Type.Literal('mirror'),
    baseUrl: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: `The Referrals API to copy from. Default ${defaultBaseUrl}.`,
      }),
    ),
    filter: Type.Optional(Text('An OData $filter choosing which source referrals to copy.')),
    auth: Type.Union([TokenAuthSchema, ClientCredentialsAuthSchema]),
    fakeSeed: Type.Optional(SecretSchema),
  },
  { additionalProperties: false },
)

export type MirrorSettings = Static<typeof MirrorSettingsSchema>
export type MirrorAuth = MirrorSettings['auth']
