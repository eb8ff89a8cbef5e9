// What the admin API's PUT of an organisation or a user may change: fields left out keep their
// value; `domains` replaces the list.
import Type, { type Static } from 'typebox'
import { domainNamePattern, LocationSchema, roles, SolutionProfileSchema } from './organization.js'

export const OrganizationChangeSchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  mpnId: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
  locations: Type.Optional(Type.Array(LocationSchema)),
  solutionProfiles: Type.Optional(Type.Array(SolutionProfileSchema)),
  domains: Type.Optional(
    Type.Array(Type.String({ pattern: domainNamePattern }), {
      maxItems: 100,
      description:
        "Verified domains, replacing the list: users of them who sign in through 'common' or 'organizations' land here. A domain another organisation has answers 409.",
    }),
  ),
})

export const UserChangeSchema = Type.Object({
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.Enum([...roles])),
})

export type OrganizationChange = Static<typeof OrganizationChangeSchema>
export type UserChange = Static<typeof UserChangeSchema>
