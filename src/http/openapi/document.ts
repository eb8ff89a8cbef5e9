// Generates cosell's OpenAPI 3.1 document from the TypeBox schemas (the schemas are the
// single source). OpenAPI 3.1 speaks JSON Schema 2020-12, so schemas are embedded as they are;
// every schema carrying an `$id` becomes a named component and is referenced by `$ref`.
import { activityPaths } from './activity-operations.js'
import { directoryPaths } from './directory-operations.js'
import { faultPaths } from './fault-operations.js'
import { journalPaths } from './journal-operations.js'
import { microsoftPaths } from './microsoft-operations.js'
import type { Paths } from './operations.js'
import { referralPaths } from './referral-operations.js'
import { registrationPaths } from './registration-operations.js'
import { sandboxPaths } from './sandbox-operations.js'
import { syncStatusPaths } from './sync-status-operations.js'
import { throttlingPaths } from './throttling-operations.js'
import { webhookPaths } from './webhook-operations.js'

/** Every documented route; test/http/openapi.test.ts fails when a /_cosell route is missing. */
const allPaths: Paths = {
  ...referralPaths,
  ...directoryPaths,
  ...microsoftPaths,
  ...sandboxPaths,
  ...registrationPaths,
  ...faultPaths,
  ...throttlingPaths,
  ...activityPaths,
  ...syncStatusPaths,
  ...journalPaths,
  ...webhookPaths,
}

/** cosell's version, as package.json gives it (the OpenAPI test checks they agree). */
export const cosellVersion = '0.1.0'

export function openApiDocument(): Record<string, unknown> {
  const components = new Map<string, unknown>()
  const paths = componentize(allPaths, components)
  return {
    openapi: '3.1.0',
    info: {
      title: 'cosell',
      version: cosellVersion,
      summary: "Microsoft's Partner Center Referrals API, run and owned by you",
      description:
        'The Referrals API (/v1.0/engagements/referrals) as Microsoft documents it, plus the admin API under /_cosell: routes marked x-cosell-extension are cosell’s own.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:8080', description: 'cosell serve' }],
    tags: [
      { name: 'Referrals', description: "Microsoft's Referrals API, as documented." },
      { name: 'Admin: organisations and users', 'x-cosell-extension': true },
      { name: 'Admin: the Microsoft side', 'x-cosell-extension': true },
      { name: 'Admin: clock, snapshots and sample data', 'x-cosell-extension': true },
      { name: 'Admin: deal registrations', 'x-cosell-extension': true },
      { name: 'Admin: faults', 'x-cosell-extension': true },
      { name: 'Admin: throttling', 'x-cosell-extension': true },
      {
        name: 'Activity history',
        description: 'Every change to your referrals, read with your own token.',
        'x-cosell-extension': true,
      },
      {
        name: 'Sync status',
        description: 'What CRM sync engines report of each referral, written and read with your own token.',
        'x-cosell-extension': true,
      },
      { name: 'Admin: request journal and client report', 'x-cosell-extension': true },
      {
        name: 'Webhooks',
        description: "Partner Center's webhook registration API and the signing certificate.",
      },
      { name: 'Admin: webhooks', 'x-cosell-extension': true },
    ],
    paths,
    components: {
      schemas: Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        partnerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An Entra-like access token for https://api.partner.microsoft.com (POST /{tenant}/oauth2/v2.0/token).',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'COSELL_ADMIN_TOKEN, required from every client when set. When it is not set, emulator mode lets in direct (not proxied) loopback clients.',
          'x-cosell-extension': true,
        },
      },
    },
  }
}

/** openapi.json as committed at the repository root (scripts/export-openapi.ts). */
export function openApiFileText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`
}

/** A deep copy of `value` in which every schema with an `$id` is a `$ref` to a component. */
function componentize<T>(value: T, components: Map<string, unknown>): T {
  if (Array.isArray(value)) return value.map((item: unknown) => componentize(item, components)) as T
  if (typeof value !== 'object' || value === null) return value
  const { $id, ...rest } = value as Record<string, unknown>
  const copy = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, componentize(v, components)]))
  if (typeof $id !== 'string') return copy as T
  const known = components.get($id)
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(copy))
    throw new Error(`Two different schemas are named ${$id}`)
  components.set($id, copy)
  return { $ref: `#/components/schemas/${$id}` } as T
}
