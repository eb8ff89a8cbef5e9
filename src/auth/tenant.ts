// Which Entra tenant a sign-in is for. The `{tenant}` of a token URL may be a tenant id (GUID), a
// domain name, or the multi-tenant `common`/`organizations`, where the tenant comes from the
// directory or the user's domain (home-tenant.ts). A domain always maps to the same made-up tenant
// id (name-based, like a UUID v5), so `alice@contoso.com` through `common` and anyone through
// `/contoso.com/` share one tenant unless the directory places them elsewhere.
import { createHash } from 'node:crypto'
import { domainNamePattern } from '../domain/organization/organization.js'
import { oauthErrors } from './oauth-error.js'

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const domain = new RegExp(domainNamePattern)

export const multiTenantNames = ['common', 'organizations'] as const

export function isMultiTenant(tenant: string): boolean {
  return (multiTenantNames as readonly string[]).includes(tenant.toLowerCase())
}

/** A GUID that always comes out the same for the same parts. */
export function stableGuid(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export function tenantIdOfDomain(name: string): string {
  return stableGuid('cosell-tenant', name.toLowerCase())
}

/** The tenant id a `{tenant}` path segment names, or null for `common`/`organizations`. */
export function tenantOfPath(tenant: string): string | null {
  if (isMultiTenant(tenant)) return null
  if (guid.test(tenant)) return tenant.toLowerCase()
  if (tenant.toLowerCase() === 'consumers') throw oauthErrors.consumersUnsupported()
  if (domain.test(tenant)) return tenantIdOfDomain(tenant)
  throw oauthErrors.tenantNotFound(tenant)
}

/** The lower-case domain of `user@domain`, or undefined when the name has none. */
export function domainOfUser(username: string): string | undefined {
  const at = username.lastIndexOf('@')
  const userDomain = at > 0 ? username.slice(at + 1).toLowerCase() : ''
  return domain.test(userDomain) ? userDomain : undefined
}

/** The object id of a user (or, with `app:` before the client id, of an app) in a tenant. */
export function objectIdOf(tenantId: string, principal: string): string {
  return stableGuid('cosell-object', tenantId, principal.toLowerCase())
}
