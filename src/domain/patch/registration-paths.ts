// Deal-registration paths of a PATCH (CreateDealRegistrationByReferralId and
// PatchDealRegistrationByReferralId). The connector creates with `add /registrations/-` and changes
// twelve paths under /registrations/0/contract and /registrations/0/solutionDetails/0; the rest of
// the contract and solution details, and the registration `type`, are accepted too (the documented
// PATCH: unknown clients should not break). What the service or Microsoft's review sets is
// read-only (the documented registration rules).
import type { Problem } from '../errors.js'
import type { PathVerdict } from './patch-paths.js'

const writable = ['type', 'contract', 'solutionDetails']

/** The verdict on a path whose names start with `registrations`. */
export function judgeRegistrationPath(names: readonly string[], pointer?: string): PathVerdict {
  const shown = pointer ?? `/${names.join('/')}`
  const [, member, ...rest] = names
  if (member === undefined) return { writable: true } // where it lands is checked against the document
  if (member === 'statusReason')
    return {
      writable: false,
      reason: `${shown} is set by Microsoft's review team only (the documented registration model).`,
    }
  if (member === 'solutionDetails' && rest[0] === 'incentives')
    return { writable: false, reason: `${shown} is computed by the service from the solution profile.` }
  if (writable.includes(member)) return { writable: true }
  return { writable: false, reason: `${shown} is set by the service and cannot be changed.` }
}

/**
 * Problems only the document shows: one registration per referral, nothing to change before one
 * exists, and no wholesale replacement of the list or of the registration (its server-owned
 * fields would go with it).
 */
export function registrationPlacement(
  op: 'add' | 'replace',
  segments: readonly (string | number)[],
  doc: { registrations?: unknown },
  /** Where the operation sits in the body, e.g. `[0]`. */
  at: string,
): Problem | undefined {
  const held = Array.isArray(doc.registrations) ? doc.registrations.length : 0
  const shown = `/${segments.join('/')}`
  const path = (message: string): Problem => ({ target: `${at}.path`, rule: 'path', message })
  if (segments.length === 1)
    return path(
      `${shown}: create a deal registration with add /registrations/- and change it through /registrations/0/… (CreateDealRegistrationByReferralId and PatchDealRegistrationByReferralId).`,
    )
  if (segments.length === 2) {
    if (op === 'replace')
      return path(
        `${shown} cannot be replaced whole; change its fields through /registrations/0/… (PatchDealRegistrationByReferralId).`,
      )
    if (held >= 1)
      return {
        target: 'registrations',
        rule: 'onePerReferral',
        message:
          'A referral holds at most one deal registration; change it through /registrations/0/… instead.',
      }
    return undefined
  }
  if (held === 0)
    return path(
      `${shown}: the referral has no deal registration yet; create one with add /registrations/- (CreateDealRegistrationByReferralId).`,
    )
  return undefined
}
