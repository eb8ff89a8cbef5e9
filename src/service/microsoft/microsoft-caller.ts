// Microsoft acts through the same use cases as any organisation, as its own seller.
import { microsoftOrganizationId } from '../../domain/organization/organization.js'
import type { Caller, ServiceDeps } from '../deps.js'

/** Through what Microsoft acts: the admin API (`microsoft`, with its request) or the timeline. */
export type MicrosoftVia = Pick<Caller, 'channel' | 'requestId'>
import { ensureMicrosoftOrganization } from '../manage-directory.js'

export const microsoftSeller = 'cosell-seller@microsoft.com'

export async function microsoftCaller(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  via: MicrosoftVia = { channel: 'microsoft' },
): Promise<Caller> {
  const organization = await ensureMicrosoftOrganization(deps)
  return { organization, user: microsoftSeller, email: microsoftSeller, role: 'Referral Admin', ...via }
}

export { microsoftOrganizationId }
