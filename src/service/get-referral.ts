import { isAdmin } from '../domain/organization/organization.js'
import type { Referral } from '../domain/referral/schema.js'
import type { StoredReferral } from '../store/referral-store.js'
import type { Caller, ServiceDeps } from './deps.js'
import { readableReferral } from './visibility.js'

/** Get by id. A referral the caller may not see answers 404, as if it did not exist. */
export async function getReferral(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<Referral> {
  return readableReferral(deps, caller, id)
}

/**
 * The same, as stored text when nothing in it decides whether the caller may see it: an admin
 * reading their own organisation's referral. The hot read path then never parses or re-serialises
 * the document; every other case goes through `getReferral`.
 */
export async function getReferralAsStored(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<StoredReferral | Referral> {
  if (isAdmin(caller.role)) {
    const stored = await deps.store.getStored(caller.organization.id, id.toLowerCase())
    if (stored) return stored
  }
  return readableReferral(deps, caller, id)
}
