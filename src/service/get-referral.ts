import type { Referral } from '../domain/referral/schema.js'
import type { Caller, ServiceDeps } from './deps.js'
import { readableReferral } from './visibility.js'

/** Get by id (E2). A referral the caller may not see answers 404, as if it did not exist. */
export async function getReferral(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<Referral> {
  return readableReferral(deps, caller, id)
}
