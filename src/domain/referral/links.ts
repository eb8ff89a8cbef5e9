// `links` as real payloads carry them: the correct `engagements` spelling and an
// unquoted GUID in the filter, on the host that serves the API.
import type { Referral } from './schema.js'

export function referralLinks(
  baseUrl: string,
  r: Pick<Referral, 'id' | 'engagementId'>,
): NonNullable<Referral['links']> {
  const root = `${baseUrl}/v1.0/engagements/referrals`
  return {
    relatedReferrals: { uri: `${root}?$filter=engagementId eq ${r.engagementId}`, method: 'GET' },
    self: { uri: `${root}/${r.id}`, method: 'GET' },
  }
}
