// Organisations and users in PostgreSQL; the referral store extends this class. The settings table
// (JSON settings such as the clock and Microsoft's policy) lives here too, as in the embedded store.
import { domainTaken } from '../../domain/organization/domain-taken.js'
import {
  organizationFields,
  toOrganization,
  toUser,
  userRow,
  type OrganizationFields,
  type UserRow,
} from '../directory-rows.js'
import type { DirectoryStore, NewOrganization, Organization, User } from '../directory-store.js'
import type { PostgresDatabase } from './database.js'

/** Two organisations saving one domain at once take turns on this lock: one of them wins. */
const domainLock = 0x646f6d61696e // "domain"

const insertOrganization = `INSERT INTO organizations (id, name, mpn_id, created_date_time, profile, domains)
  VALUES ($1, $2, $3, $4, $5, $6)`

export class PostgresDirectory implements DirectoryStore {
  protected constructor(protected readonly db: PostgresDatabase) {}

  async organization(id: string, defaults: () => NewOrganization): Promise<Organization> {
    const found = await this.getOrganization(id)
    if (found) return found
    const made = { locations: [], solutionProfiles: [], domains: [], ...defaults(), id }
    await this.db.run(`${insertOrganization} ON CONFLICT (id) DO NOTHING`, organizationValues(made))
    return (await this.getOrganization(id))!
  }

  async getOrganization(id: string): Promise<Organization | undefined> {
    const row = await this.db.row<OrganizationFields>('SELECT * FROM organizations WHERE id = $1', [id])
    return row && toOrganization(row)
  }

  async listOrganizations(): Promise<Organization[]> {
    const rows = await this.db.rows<OrganizationFields>(
      'SELECT * FROM organizations ORDER BY created_date_time, id',
    )
    return rows.map(toOrganization)
  }

  async saveOrganization(organization: Organization): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (organization.domains.length > 0) {
        await tx.run('SELECT pg_advisory_xact_lock($1)', [domainLock])
        for (const domain of organization.domains) {
          const owner = await tx.row<{ id: string }>(ownerOfDomain, [JSON.stringify(domain)])
          if (owner !== undefined && owner.id !== organization.id) throw domainTaken(domain, owner.id)
        }
      }
      await tx.run(
        `${insertOrganization} ON CONFLICT (id) DO UPDATE SET name = excluded.name, mpn_id = excluded.mpn_id,
           profile = excluded.profile, domains = excluded.domains`,
        organizationValues(organization),
      )
    })
  }

  async organizationOfDomain(domain: string): Promise<string | undefined> {
    return (await this.db.row<{ id: string }>(ownerOfDomain, [JSON.stringify(domain.toLowerCase())]))?.id
  }

  async organizationsListingUser(username: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(
      `SELECT organizations.id FROM users JOIN organizations ON organizations.id = users.organization_id
       WHERE users.email = $1 ORDER BY organizations.created_date_time, organizations.id`,
      [username.toLowerCase()],
    )
    return rows.map((r) => r.id)
  }

  async getUser(organizationId: string, email: string): Promise<User | undefined> {
    const row = await this.db.row<UserRow>('SELECT * FROM users WHERE organization_id = $1 AND email = $2', [
      organizationId,
      email.toLowerCase(),
    ])
    return row && toUser(row)
  }

  async listUsers(organizationId: string): Promise<User[]> {
    const rows = await this.db.rows<UserRow>(
      'SELECT * FROM users WHERE organization_id = $1 ORDER BY email',
      [organizationId],
    )
    return rows.map(toUser)
  }

  async saveUser(user: User): Promise<void> {
    await this.db.run(
      `INSERT INTO users (organization_id, email, name, role, created_date_time) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, email) DO UPDATE SET name = excluded.name, role = excluded.role`,
      userValues(user),
    )
  }

  async deleteUser(organizationId: string, email: string): Promise<boolean> {
    const deleted = await this.db.run('DELETE FROM users WHERE organization_id = $1 AND email = $2', [
      organizationId,
      email.toLowerCase(),
    ])
    return deleted > 0
  }

  async setting(key: string): Promise<unknown> {
    const row = await this.db.row<{ value: Buffer }>('SELECT value FROM settings WHERE key = $1', [
      `json:${key}`,
    ])
    return row === undefined ? undefined : JSON.parse(row.value.toString('utf8'))
  }

  async saveSettingOnce(key: string, value: unknown): Promise<unknown> {
    await this.db.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      `json:${key}`,
      Buffer.from(JSON.stringify(value), 'utf8'),
    ])
    return this.setting(key)
  }

  async saveSetting(key: string, value: unknown): Promise<void> {
    await this.db.run(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [`json:${key}`, Buffer.from(JSON.stringify(value), 'utf8')],
    )
  }
}

const ownerOfDomain = `SELECT id FROM organizations WHERE domains @> jsonb_build_array($1::jsonb)
  ORDER BY created_date_time, id LIMIT 1`

function organizationValues(o: Organization): unknown[] {
  const f = organizationFields(o)
  return [
    f.id,
    f.name,
    f.mpn_id,
    f.created_date_time,
    JSON.stringify(f.profile),
    f.domains === null ? null : JSON.stringify(f.domains),
  ]
}

function userValues(user: User): unknown[] {
  const row = userRow(user)
  return [row.organization_id, row.email, row.name, row.role, row.created_date_time]
}
