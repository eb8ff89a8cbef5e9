// Shapes referrals for the wire: links built for the serving host, in their observed place.
import { referralLinks } from '../domain/referral/links.js'
import type { Referral } from '../domain/referral/schema.js'

export function withLinks(baseUrl: string, r: Referral): Referral {
  return { ...r, links: referralLinks(baseUrl, r) }
}

/** GET by id carries the entity context first (spec §8.2, decision 36). */
export function entityResponse(baseUrl: string, r: Referral): object {
  return { '@odata.context': `${baseUrl}/v1.0/$metadata#Referrals/$entity`, ...withLinks(baseUrl, r) }
}
