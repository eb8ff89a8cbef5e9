// The throttle settings the admin API shows: the default profile and each tenant's override.
import Type, { type Static } from 'typebox'
import { ThrottleProfileSchema } from './throttle-profile.js'

export const TenantThrottleSchema = Type.Object({
  tenantId: Type.String(),
  profile: ThrottleProfileSchema,
  source: Type.Enum(['override', 'default'], {
    description:
      "override: set for this tenant through the admin API; default: the server's COSELL_THROTTLE.",
  }),
})

export const ThrottleSettingsSchema = Type.Object({
  default: ThrottleProfileSchema,
  tenants: Type.Array(TenantThrottleSchema, { description: 'Every tenant with an override.' }),
})

export type TenantThrottle = Static<typeof TenantThrottleSchema>
export type ThrottleSettings = Static<typeof ThrottleSettingsSchema>
