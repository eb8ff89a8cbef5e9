// Organisations and their users, in domain terms.
import type { Organization, User } from '../domain/organization/organization.js'

export type { Organization, User }

/** What a new organisation needs; it starts with no locations or solution profiles unless given. */
export type NewOrganization = Omit<Organization, 'id' | 'locations' | 'solutionProfiles'> &
  Partial<Pick<Organization, 'locations' | 'solutionProfiles'>>

export interface DirectoryStore {
  /** The organisation, created with `defaults` on first use (emulator mode: any tenant may call). */
  organization(id: string, defaults: () => NewOrganization): Promise<Organization>
  getOrganization(id: string): Promise<Organization | undefined>
  listOrganizations(): Promise<Organization[]>
  /** Creates or replaces the organisation. */
  saveOrganization(organization: Organization): Promise<void>
  getUser(organizationId: string, email: string): Promise<User | undefined>
  listUsers(organizationId: string): Promise<User[]>
  /** Creates or replaces the user. */
  saveUser(user: User): Promise<void>
  /** False when there was no such user. */
  deleteUser(organizationId: string, email: string): Promise<boolean>
  /** A JSON setting kept with the data (such as Microsoft's policy); undefined when never saved. */
  setting(key: string): Promise<unknown>
  saveSetting(key: string, value: unknown): Promise<void>
}
