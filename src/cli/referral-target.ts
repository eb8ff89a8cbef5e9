// The calls an import makes, through the SDK's ReferralsApi (its retries on 429 and 503 included).
import type { ReferralTarget } from '../bulk/import-referrals.js'
import { ApiError } from '../client/errors.js'
import type { ReferralsApi } from '../client/referrals.js'

export function referralTarget(api: ReferralsApi): ReferralTarget {
  return {
    get: async (id) => {
      try {
        return await api.get(id)
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      }
    },
    create: (body) => api.create(body),
    patch: (id, operations, eTag) => api.patch(id, operations, { ifMatch: eTag }),
  }
}
