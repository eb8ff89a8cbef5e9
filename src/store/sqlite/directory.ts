// Organisations and users in SQLite. The referral store extends this class, so one database
// handle serves both, and every write goes through one write batch (held during snapshot work).
import type { Database } from 'better-sqlite3'
import { isDeepStrictEqual } from 'node:util'
import { domainTaken } from '../../domain/organization/domain-taken.js'
import {
  organizationFields,
  toOrganization,
  toUser,
  userRow,
  type OrganizationProfile,
  type UserRow,
} from '../directory-rows.js'
import type { DirectoryStore, NewOrganization, Organization, User } from '../directory-store.js'
import type { SettingAsRead } from '../referral-store.js'
import { heldWriteError } from './snapshot-errors.js'
import type { WriteBatch } from './write-batch.js'

interface OrganizationRow {
  id: string
  name: string
  mpn_id: string
  created_date_time: string
  profile: string
  /** JSON array of lower-case domain names; NULL for none. */
  domains: string | null
}

export class SqliteDirectory implements DirectoryStore {
  private readonly directory

  protected constructor(
    db: Database,
    private readonly writes: WriteBatch,
  ) {
    this.directory = {
      getOrganization: db.prepare('SELECT * FROM organizations WHERE id = ?'),
      listOrganizations: db.prepare('SELECT * FROM organizations ORDER BY created_date_time, id'),
      insertOrganization: db.prepare(
        'INSERT INTO organizations (id, name, mpn_id, created_date_time, profile, domains) VALUES (@id, @name, @mpn_id, @created_date_time, @profile, @domains) ON CONFLICT (id) DO NOTHING',
      ),
      saveOrganization: db.prepare(
        `INSERT INTO organizations (id, name, mpn_id, created_date_time, profile, domains) VALUES (@id, @name, @mpn_id, @created_date_time, @profile, @domains)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, mpn_id = excluded.mpn_id, profile = excluded.profile, domains = excluded.domains`,
      ),
      organizationOfDomain: db
        .prepare(
          `SELECT organizations.id FROM organizations, json_each(organizations.domains) AS domain
           WHERE domain.value = ? ORDER BY organizations.created_date_time, organizations.id LIMIT 1`,
        )
        .pluck(),
      organizationsListingUser: db
        .prepare(
          `SELECT organizations.id FROM users JOIN organizations ON organizations.id = users.organization_id
           WHERE users.email = ? ORDER BY organizations.created_date_time, organizations.id`,
        )
        .pluck(),
      getUser: db.prepare('SELECT * FROM users WHERE organization_id = ? AND email = ?'),
      listUsers: db.prepare('SELECT * FROM users WHERE organization_id = ? ORDER BY email'),
      saveUser: db.prepare(
        `INSERT INTO users (organization_id, email, name, role, created_date_time) VALUES (@organization_id, @email, @name, @role, @created_date_time)
         ON CONFLICT (organization_id, email) DO UPDATE SET name = excluded.name, role = excluded.role`,
      ),
      deleteUser: db.prepare('DELETE FROM users WHERE organization_id = ? AND email = ?'),
      setting: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      saveSettingOnce: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      ),
      saveSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    }
  }

  /** Whether `asRead` still holds (always, when none is stated); called inside a write's transaction. */
  protected holds(asRead: SettingAsRead | undefined): boolean {
    if (asRead === undefined) return true
    const stored = this.directory.setting.get(`json:${asRead.key}`) as Buffer | undefined
    const value: unknown = stored === undefined ? undefined : JSON.parse(stored.toString('utf8'))
    return isDeepStrictEqual(value, asRead.value)
  }

  /** Runs `work` in the write batch: a 503 when a snapshot operation held it too long. */
  protected write<T>(work: () => T): Promise<T> {
    return this.writes.run(work).catch((error: unknown) => {
      throw heldWriteError(error)
    })
  }

  async organization(id: string, defaults: () => NewOrganization): Promise<Organization> {
    const found = this.directory.getOrganization.get(id) as OrganizationRow | undefined
    if (found) return sqliteOrganization(found)
    const row = toOrganizationRow({ locations: [], solutionProfiles: [], domains: [], ...defaults(), id })
    await this.write(() => this.directory.insertOrganization.run(row))
    return sqliteOrganization(this.directory.getOrganization.get(id) as OrganizationRow)
  }

  getOrganization(id: string): Promise<Organization | undefined> {
    const row = this.directory.getOrganization.get(id) as OrganizationRow | undefined
    return Promise.resolve(row && sqliteOrganization(row))
  }

  listOrganizations(): Promise<Organization[]> {
    return Promise.resolve(
      (this.directory.listOrganizations.all() as OrganizationRow[]).map(sqliteOrganization),
    )
  }

  /** Checks and writes in one transaction, so of two organisations claiming a domain one wins. */
  async saveOrganization(organization: Organization): Promise<void> {
    const row = toOrganizationRow(organization)
    await this.write(() => {
      for (const domain of organization.domains) {
        const owner = this.directory.organizationOfDomain.get(domain) as string | undefined
        if (owner !== undefined && owner !== organization.id) throw domainTaken(domain, owner)
      }
      this.directory.saveOrganization.run(row)
    })
  }

  organizationOfDomain(domain: string): Promise<string | undefined> {
    return Promise.resolve(
      this.directory.organizationOfDomain.get(domain.toLowerCase()) as string | undefined,
    )
  }

  organizationsListingUser(username: string): Promise<string[]> {
    return Promise.resolve(this.directory.organizationsListingUser.all(username.toLowerCase()) as string[])
  }

  getUser(organizationId: string, email: string): Promise<User | undefined> {
    const row = this.directory.getUser.get(organizationId, email.toLowerCase()) as UserRow | undefined
    return Promise.resolve(row && toUser(row))
  }

  listUsers(organizationId: string): Promise<User[]> {
    return Promise.resolve((this.directory.listUsers.all(organizationId) as UserRow[]).map(toUser))
  }

  async saveUser(user: User): Promise<void> {
    const row = userRow(user)
    await this.write(() => this.directory.saveUser.run(row))
  }

  setting(key: string): Promise<unknown> {
    const value = this.directory.setting.get(`json:${key}`) as Buffer | undefined
    return Promise.resolve(value === undefined ? undefined : JSON.parse(value.toString('utf8')))
  }

  async saveSetting(key: string, value: unknown): Promise<void> {
    const encoded = Buffer.from(JSON.stringify(value), 'utf8')
    await this.write(() => this.directory.saveSetting.run(`json:${key}`, encoded))
  }

  async saveSettingOnce(key: string, value: unknown): Promise<unknown> {
    const encoded = Buffer.from(JSON.stringify(value), 'utf8')
    await this.write(() => this.directory.saveSettingOnce.run(`json:${key}`, encoded))
    return this.setting(key)
  }

  deleteUser(organizationId: string, email: string): Promise<boolean> {
    const key = email.toLowerCase()
    return this.write(() => this.directory.deleteUser.run(organizationId, key).changes > 0)
  }
}

function sqliteOrganization(row: OrganizationRow): Organization {
  return toOrganization({
    ...row,
    profile: JSON.parse(row.profile) as OrganizationProfile,
    domains: row.domains === null ? null : (JSON.parse(row.domains) as string[]),
  })
}

function toOrganizationRow(o: Organization): OrganizationRow {
  const fields = organizationFields(o)
  return {
    ...fields,
    profile: JSON.stringify(fields.profile),
    domains: fields.domains === null ? null : JSON.stringify(fields.domains),
  }
}
