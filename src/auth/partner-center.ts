// The API cosell stands in for, as Entra ID names it (the documented sign-in): tokens for the
// Referrals API carry this resource URI or one of Microsoft's two Partner Center app ids as their
// audience (audiences.ts adds the other names a client may use).

export const partnerCenterResource = 'https://api.partner.microsoft.com'

/** "Microsoft Partner" (a.k.a. Microsoft Dev Center) and "Microsoft Partner Center" (the documented sign-in). */
export const partnerCenterAppIds = [
  '4990cffe-04e8-4e8b-808a-1175604b879f',
  'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd',
] as const

/** The delegated permission Entra reports in `scp` for Partner Center. */
export const delegatedScope = 'user_impersonation'

/** OpenID Connect scopes that ask for tokens about the user, not for access to a resource. */
export const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access'])

/** The resource a v2 scope is for: `https://api.partner.microsoft.com/.default` → the URI. */
export function resourceOfScope(scope: string): string {
  if (/^[0-9a-f-]{36}(\/|$)/i.test(scope)) return scope.split('/')[0]!
  const slash = scope.lastIndexOf('/')
  return slash > 'https://'.length ? scope.slice(0, slash) : scope
}
