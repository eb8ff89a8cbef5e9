// Organisations and users as rows of both SQL stores. An organisation's profile (locations and
// solution profiles) and domains are JSON; each store encodes them in its own column types.
import type { Organization, User } from './directory-store.js'

export type OrganizationProfile = Pick<Organization, 'locations' | 'solutionProfiles'>

/** An organisation's columns, with the JSON ones decoded. */
export interface OrganizationFields {
  readonly id: string
  readonly name: string
  readonly mpn_id: string
  readonly created_date_time: string
  readonly profile: OrganizationProfile
  /** Lower-case domain names; null for none. */
  readonly domains: string[] | null
}

export interface UserRow {
  organization_id: string
  email: string
  name: string
  role: User['role']
  created_date_time: string
}

export function organizationFields(o: Organization): OrganizationFields {
  return {
    id: o.id,
    name: o.name,
    mpn_id: o.mpnId,
    created_date_time: o.createdDateTime,
    profile: { locations: o.locations, solutionProfiles: o.solutionProfiles },
    domains: o.domains.length === 0 ? null : o.domains,
  }
}

export function toOrganization(row: OrganizationFields): Organization {
  return {
    id: row.id,
    name: row.name,
    mpnId: row.mpn_id,
    createdDateTime: row.created_date_time,
    locations: row.profile.locations,
    solutionProfiles: row.profile.solutionProfiles,
    domains: row.domains ?? [],
  }
}

/** The user's row; its email lower-cased, as every lookup is. */
export function userRow(user: User): UserRow {
  return {
    organization_id: user.organizationId,
    email: user.email.toLowerCase(),
    name: user.name,
    role: user.role,
    created_date_time: user.createdDateTime,
  }
}

export function toUser(row: UserRow): User {
  return {
    organizationId: row.organization_id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdDateTime: row.created_date_time,
  }
}
