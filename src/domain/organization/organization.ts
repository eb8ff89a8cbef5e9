// Partner organisations and their users (the documented sign-in and targets). An organisation is a
// tenant: its id is the Entra tenant id of its tokens. Locations and solution profiles are what
// referral targets and deal-registration eligibility refer to.
import Type, { type Static } from 'typebox'
import { List } from '../referral/schema-helpers.js'

/** All three roles are accepted; Global Admin acts as Referral Admin. */
export const roles = ['Referral Admin', 'Referral User', 'Global Admin'] as const
export type Role = (typeof roles)[number]

/** Microsoft's own organisation, the other side of every co-sell (`invitedBy.organizationId` "msft"). */
export const microsoftOrganizationId = 'msft'

/** An organisation's id as a token's `tid` names it: an Entra tenant GUID, or any short name. */
export const tenantIdPattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'

/** A DNS domain name such as contoso.com: labels of letters, digits and inner hyphens, two at least. */
export const domainNamePattern =
  '^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$'

export const LocationSchema = Type.Object({
  id: Type.String({
    minLength: 1,
    description: 'Business-profile location id (a GUID), used as a BusinessProfileLocation target.',
  }),
  name: Type.String({ default: '' }),
  country: Type.String({ default: '' }),
})

export const SolutionProfileSchema = Type.Object({
  id: Type.String({
    minLength: 1,
    description: 'Solution id such as SOL-15974-MQF, used as a SolutionProfile target.',
  }),
  name: Type.String({ default: '' }),
  incentives: List(Type.String(), {
    description: 'Incentives the solution carries, e.g. "Azure IP co-sell".',
  }),
})

export const OrganizationSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  mpnId: Type.String({ pattern: '^[0-9]{1,10}$' }),
  createdDateTime: Type.String(),
  locations: List(LocationSchema),
  solutionProfiles: List(SolutionProfileSchema),
  domains: List(Type.String({ pattern: domainNamePattern }), {
    description:
      "Verified domains, lower-cased: a user of one signing in through 'common' or 'organizations' lands in this organisation. A domain belongs to one organisation at most.",
  }),
})

export const UserSchema = Type.Object({
  organizationId: Type.String(),
  email: Type.String({ minLength: 3, description: 'The user principal name (upn), lower-cased.' }),
  name: Type.String({ default: '' }),
  role: Type.Enum([...roles], { default: 'Referral Admin' }),
  createdDateTime: Type.String(),
})

export type Location = Static<typeof LocationSchema>
export type SolutionProfile = Static<typeof SolutionProfileSchema>
export type Organization = Static<typeof OrganizationSchema>
export type User = Static<typeof UserSchema>

/** Admins see and change every referral of their organisation; Referral Users only those they are on the team of. */
export function isAdmin(role: Role): boolean {
  return role !== 'Referral User'
}
