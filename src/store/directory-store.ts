// Organisations and their users, in domain terms.
import type { Organization, User } from '../domain/organization/organization.js'

export type { Organization, User }

/** What a new organisation needs; it starts with no locations or solution profiles unless given. */
export type NewOrganization = Omit<Organization, 'id' | 'locations' | 'solutionProfiles' | 'domains'> &
  Partial<Pick<Organization, 'locations' | 'solutionProfiles' | 'domains'>>

export interface DirectoryStore {
  /** The organisation, created with `defaults` on first use (emulator mode: any tenant may call). */
  organization(id: string, defaults: () => NewOrganization): Promise<Organization>
  getOrganization(id: string): Promise<Organization | undefined>
  listOrganizations(): Promise<Organization[]>
  /** Creates or replaces the organisation; a domain another organisation verified fails with `domainTaken`. */
  saveOrganization(organization: Organization): Promise<void>
  /** The organisation that verified this domain (lower-cased), if any. */
  organizationOfDomain(domain: string): Promise<string | undefined>
  /** Ids of the organisations whose users include this user name, oldest organisation first. */
  organizationsListingUser(username: string): Promise<string[]>
  getUser(organizationId: string, email: string): Promise<User | undefined>
  listUsers(organizationId: string): Promise<User[]>
  /** Creates or replaces the user. */
  saveUser(user: User): Promise<void>
  /** False when there was no such user. */
  deleteUser(organizationId: string, email: string): Promise<boolean>
  /** A JSON setting kept with the data (such as Microsoft's policy); undefined when never saved. */
  setting(key: string): Promise<unknown>
  saveSetting(key: string, value: unknown): Promise<void>
  /** Saves `value` unless the setting exists; answers the setting as stored (of two racing savers, the first's). */
  saveSettingOnce(key: string, value: unknown): Promise<unknown>
}
