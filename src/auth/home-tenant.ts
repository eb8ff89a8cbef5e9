// The home tenant of a user who signs in through `common` or `organizations`, as Entra signs a
// user into the tenant whose directory holds them: the organisation that lists the user, else the
// one that verified the user's domain, else the tenant made up from the domain (tenant.ts).
import { oauthErrors } from './oauth-error.js'
import { domainOfUser, tenantIdOfDomain, tenantOfPath } from './tenant.js'

/** The port to cosell's directory of organisations (the store implements it). */
export interface SignInDirectory {
  /** Ids of the organisations whose users include this user name, oldest organisation first. */
  organizationsListingUser(username: string): Promise<readonly string[]>
  /** The organisation that verified this domain, if any. */
  organizationOfDomain(domain: string): Promise<string | undefined>
}

/** The tenant a password sign-in through `{tenant}` is for. */
export async function tenantOfSignIn(
  directory: SignInDirectory,
  tenant: string,
  username: string,
): Promise<string> {
  const named = tenantOfPath(tenant)
  if (named !== null) return named
  const domain = domainOfUser(username)
  // the made-up tenant lists every user who called the API through it: that is no placement
  const madeUp = domain === undefined ? undefined : tenantIdOfDomain(domain)
  const listing = (await directory.organizationsListingUser(username)).filter((id) => id !== madeUp)
  const verified = domain === undefined ? undefined : await directory.organizationOfDomain(domain)
  if (listing.length > 0) return verified !== undefined && listing.includes(verified) ? verified : listing[0]!
  if (verified !== undefined) return verified
  if (madeUp === undefined) throw oauthErrors.userNotFound(username)
  return madeUp
}
