import { notFound } from '../domain/errors.js'
import type { Referral } from '../domain/referral/schema.js'
import type { Caller, ServiceDeps } from './deps.js'

/** Get by id (E2). Another organisation's referral answers 404, as if it did not exist. */
export async function getReferral(
  deps: Pick<ServiceDeps, 'store'>,
  caller: Caller,
  id: string,
): Promise<Referral> {
  const referral = await deps.store.get(caller.organization.id, id.toLowerCase())
  if (!referral) throw notFound('Referral', id)
  return referral
}
