// Organisations and users, as the admin API manages them. Bodies name only what changes; the rest
// is kept (or defaulted for a new organisation or user).
import { createHash } from 'node:crypto'
import { invalidRequest, notFound } from '../domain/errors.js'
import { OrganizationChangeSchema, UserChangeSchema } from '../domain/organization/directory-change.js'
import { microsoftOrganizationId, type Organization, type User } from '../domain/organization/organization.js'
import { readValue } from '../domain/read-value.js'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import type { ServiceDeps } from './deps.js'

/** What an organisation looks like when a tenant first calls: a generated name and MPN id. */
export function newOrganizationDefaults(id: string, now: Date) {
  return {
    name: `Partner ${id.slice(0, 8)}`,
    mpnId: mpnIdFor(id),
    createdDateTime: formatServerDateTime(now),
  }
}

/** A stable 7-digit partner (MPN) id for a tenant, like the observed `"4863040"`. */
export function mpnIdFor(tenant: string): string {
  const n = createHash('sha256').update(tenant).digest().readUInt32BE(0)
  return String(1_000_000 + (n % 9_000_000))
}

export async function saveOrganization(deps: ServiceDeps, id: string, body: unknown): Promise<Organization> {
  const { value, problems } = readValue(OrganizationChangeSchema, body)
  if (problems.length > 0) throw invalidRequest(problems)
  const key = id.toLowerCase()
  // built here, not created by the store, so a refused change (a taken domain) leaves nothing behind
  const current = (await deps.store.getOrganization(key)) ?? {
    id: key,
    ...newOrganizationDefaults(key, deps.clock.now()),
    locations: [],
    solutionProfiles: [],
    domains: [],
  }
  const next: Organization = { ...current, ...definedOnly(value) }
  if (value.domains) next.domains = [...new Set(value.domains.map((d) => d.toLowerCase()))]
  await deps.store.saveOrganization(next)
  return next
}

export async function saveUser(
  deps: ServiceDeps,
  organizationId: string,
  email: string,
  body: unknown,
): Promise<User> {
  const { value, problems } = readValue(UserChangeSchema, body)
  if (problems.length > 0) throw invalidRequest(problems)
  const organization = await findOrganization(deps, organizationId)
  const current = await deps.store.getUser(organization.id, email)
  const user: User = {
    organizationId: organization.id,
    email: email.toLowerCase(),
    name: value.name ?? current?.name ?? '',
    role: value.role ?? current?.role ?? 'Referral Admin',
    createdDateTime: current?.createdDateTime ?? formatServerDateTime(deps.clock.now()),
  }
  await deps.store.saveUser(user)
  return user
}

export async function findOrganization(deps: Pick<ServiceDeps, 'store'>, id: string): Promise<Organization> {
  const organization = await deps.store.getOrganization(id.toLowerCase())
  if (!organization) throw notFound('Organization', id)
  return organization
}

/** Microsoft's organisation exists from the start: it is the other side of every co-sell. */
export async function ensureMicrosoftOrganization(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
): Promise<Organization> {
  return deps.store.organization(microsoftOrganizationId, () => ({
    name: 'Microsoft',
    mpnId: '0',
    createdDateTime: formatServerDateTime(deps.clock.now()),
  }))
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
