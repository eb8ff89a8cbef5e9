// The sync configuration file (JSON): which Referrals endpoint and sign-in, which CRM connector,
// where the state lives, and the mapping (inline, a path to a mapping file, or the connector's
// default). Validated at load: every problem named with its place in the file.
import Type, { type Static } from 'typebox'
import { SecretSchema } from './secret.js'

export const connectionNamePattern = '^[A-Za-z0-9._-]{1,64}$'

export const ReferralsSettingsSchema = Type.Object(
  {
    /** Default http://localhost:8080, or the CLI's --url, COSELL_URL or profile. */
    url: Type.Optional(Type.String({ minLength: 1 })),
    /** A bearer token; without one, the CLI's sign-in (--token, COSELL_TOKEN, a profile, or an emulator token). */
    token: Type.Optional(SecretSchema),
    /** An app's own sign-in (client credentials) against an Entra-like authority. */
    clientCredentials: Type.Optional(
      Type.Object(
        {
          tenantId: Type.String({ minLength: 1 }),
          clientId: Type.String({ minLength: 1 }),
          clientSecret: SecretSchema,
          authority: Type.Optional(Type.String({ minLength: 1 })),
          scope: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Only referrals this OData $filter selects are synced. */
    filter: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)

export const SyncConfigSchema = Type.Object(
  {
    /** Names this sync in its state and in the status it reports. */
    name: Type.String({ pattern: connectionNamePattern }),
    referrals: Type.Optional(ReferralsSettingsSchema),
    /** The connector's settings; `type` picks the connector. */
    crm: Type.Object({ type: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
    /** An SQLite file (relative to this file) or a postgres:// URL. Default `.cosell-sync/<name>.db` beside this file. */
    state: Type.Optional(Type.String({ minLength: 1 })),
    /** The mapping itself, or the path of a JSON file holding it; default the connector's. */
    mapping: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })]),
    ),
    /** How often `watch` reads each side for changes, in seconds. */
    poll: Type.Optional(
      Type.Object(
        {
          referrals: Type.Optional(Type.Number({ minimum: 1, maximum: 86_400 })),
          crm: Type.Optional(Type.Number({ minimum: 1, maximum: 86_400 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Report each referral's sync status to the Referrals endpoint (cosell only). Default true. */
    report: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export type SyncConfig = Static<typeof SyncConfigSchema>
export type ReferralsSettings = Static<typeof ReferralsSettingsSchema>
