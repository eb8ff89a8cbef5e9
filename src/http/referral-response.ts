// Shapes referrals for the wire: links built for the serving host, in their observed place.
import { referralLinks } from '../domain/referral/links.js'
import type { Referral } from '../domain/referral/schema.js'
import type { StoredReferral } from '../store/referral-store.js'

export function withLinks(baseUrl: string, r: Referral): Referral {
  return { ...r, links: referralLinks(baseUrl, r) }
}

/** GET by id carries the entity context first (spec §8.2, decision 36). */
export function entityResponse(baseUrl: string, r: Referral): object {
  return { '@odata.context': `${baseUrl}/v1.0/$metadata#Referrals/$entity`, ...withLinks(baseUrl, r) }
}

/** A stored referral's text with its links in their place (stored as null). */
export function storedWithLinks(baseUrl: string, stored: StoredReferral): string {
  return stored.text.replace('"links":null', `"links":${JSON.stringify(referralLinks(baseUrl, stored))}`)
}

/** The entity answer built from stored text: the context first, links in their stored place. */
export function storedEntityResponse(baseUrl: string, stored: StoredReferral): string {
  const context = JSON.stringify(`${baseUrl}/v1.0/$metadata#Referrals/$entity`)
  return `{"@odata.context":${context},${storedWithLinks(baseUrl, stored).slice(1)}`
}
