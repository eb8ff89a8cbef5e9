// Shapes referrals for the wire: links built for the serving host, in their observed place.
import { referralLinks } from '../domain/referral/links.js'
import type { Referral } from '../domain/referral/schema.js'
import type { StoredReferral } from '../store/referral-store.js'

export function withLinks(baseUrl: string, r: Referral): Referral {
  return { ...r, links: referralLinks(baseUrl, r) }
}

/** GET by id carries the entity context first (the documented get). */
export function entityResponse(baseUrl: string, r: Referral): object {
  return { '@odata.context': `${baseUrl}/v1.0/$metadata#Referrals/$entity`, ...withLinks(baseUrl, r) }
}

const storedLinks = '"links":null'

/**
 * The stored text around its `"links":null`, searched from the end because `links` is near the end
 * (inside a JSON string a quote is always escaped, so the sequence can only be the key itself).
 * Slicing the flat stored text once is half the cost of a replace() followed by a slice.
 */
function aroundLinks(stored: StoredReferral): [before: string, after: string] {
  const at = stored.text.lastIndexOf(storedLinks)
  return [stored.text.slice(0, at), stored.text.slice(at + storedLinks.length)]
}

function linksJson(baseUrl: string, stored: StoredReferral): string {
  return `"links":${JSON.stringify(referralLinks(baseUrl, stored))}`
}

/** A stored referral's text in three pieces: before its links, the links, after them. */
export function storedPieces(baseUrl: string, stored: StoredReferral): [string, string, string] {
  const [before, after] = aroundLinks(stored)
  return [before, linksJson(baseUrl, stored), after]
}

/** The entity answer built from stored text: the context first, links in their stored place. */
export function storedEntityResponse(baseUrl: string, stored: StoredReferral): string {
  const context = JSON.stringify(`${baseUrl}/v1.0/$metadata#Referrals/$entity`)
  const [before, links, after] = storedPieces(baseUrl, stored)
  return `{"@odata.context":${context},${before.slice(1)}${links}${after}`
}
