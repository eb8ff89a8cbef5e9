// The public API's throttle in the admin API (issue 10 item 4): the default profile from
// COSELL_THROTTLE and per-tenant overrides, kept with the data.
import { tenantIdPattern } from '../../domain/organization/organization.js'
import { ThrottleProfileSchema } from '../../domain/throttle/throttle-profile.js'
import { TenantThrottleSchema, ThrottleSettingsSchema } from '../../domain/throttle/throttle-settings.js'
import { adminOperation as admin, errors, jsonBody, ok, pathParameter, type Paths } from './operations.js'
import { named } from './wire-schemas.js'

const tags = ['Admin: throttling']
const tenantId = pathParameter('tenantId', "The tenant (a token's tid), case-insensitive.", tenantIdPattern)
const ProfileSchema = named(ThrottleProfileSchema, 'ThrottleProfile')
const TenantSchema = named(TenantThrottleSchema, 'TenantThrottle')

export const throttlingPaths: Paths = {
  '/_cosell/throttling': {
    get: admin({
      operationId: 'getThrottling',
      summary: 'Read the default throttle profile and every tenant’s own',
      tags,
      responses: {
        '200': ok('The default and the overrides.', named(ThrottleSettingsSchema, 'ThrottleSettings')),
        ...errors(401, 403),
      },
    }),
  },
  '/_cosell/throttling/{tenantId}': {
    get: admin({
      operationId: 'getTenantThrottle',
      summary: 'Read the profile a tenant’s calls are throttled by',
      tags,
      parameters: [tenantId],
      responses: { '200': ok('Its own profile, or the default.', TenantSchema), ...errors(400, 401, 403) },
    }),
    put: admin({
      operationId: 'setTenantThrottle',
      summary: 'Give a tenant a throttle profile of its own',
      description:
        'Applies from the tenant’s next call, with its budgets full; kept with the data across restarts (a sandbox reset keeps it).',
      tags,
      parameters: [tenantId],
      requestBody: jsonBody(ProfileSchema),
      responses: { '200': ok('The tenant’s profile now.', TenantSchema), ...errors(400, 401, 403) },
    }),
    delete: admin({
      operationId: 'clearTenantThrottle',
      summary: 'Remove a tenant’s own profile: the default applies again',
      description: 'A tenant without one answers 204 as well.',
      tags,
      parameters: [tenantId],
      responses: { '204': ok('Removed.'), ...errors(400, 401, 403) },
    }),
  },
}
