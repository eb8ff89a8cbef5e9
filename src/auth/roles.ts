// cosell's Partner Center roles (the documented sign-in), carried in a token's optional `roles`
// claim. Entra puts app roles there; cosell uses it so a test or a script can say who the caller is
// in one token.

import { roles, type Role } from '../domain/organization/organization.js'

export const cosellRoles = roles
export type CosellRole = Role

/** The canonical role a name stands for, case and spacing aside ("referral-admin" too), if any. */
export function cosellRole(name: string): CosellRole | undefined {
  const key = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '')
  return cosellRoles.find((role) => key(role) === key(name))
}

/** The cosell roles a `roles` claim names; other values (real Entra app roles) are ignored. */
export function rolesOfClaim(claim: unknown): CosellRole[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : []
  const roles = values.flatMap((value) => (typeof value === 'string' ? [cosellRole(value)] : []))
  return [...new Set(roles.filter((role) => role !== undefined))]
}
