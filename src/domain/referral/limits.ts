// How large a referral may grow. Microsoft documents no lengths and the connector declares none;
// the portal's 50 solutions and 50 team members (the CSV upload article) and one registration (the
// resource pages) are Microsoft's. The rest are generous bounds of cosell's own, listed in the
// README's Limits, so that no client can make the server store, list or validate megabytes.

/** Maximum lengths of string properties, in characters (Unicode code points). */
export const maxLength = {
  /** ISO codes, enumerations kept as free strings, phone numbers, locales, MPN ids. */
  code: 64,
  /** Identifiers: solution, offer, target and customer ids, external and tracking ids. */
  id: 256,
  /** Names, titles, address lines, cities, publishers. */
  name: 256,
  /** RFC 3696: 64 for the local part, 255 for the domain. */
  email: 320,
  statusReason: 1_024,
  url: 2_048,
  notes: 4_000,
} as const

/** Maximum items of the lists of a referral. */
export const maxItems = {
  /** The portal's limits (the CSV upload article): solutions, team members and customer contacts. */
  portal: 50,
  /** Every other list: ids, products, services, industries, offers, attributes, targets, tags. */
  list: 50,
  /** The resource pages: a referral holds at most one deal registration. */
  registrations: 1,
} as const

/** A stored referral, as the JSON GET answers without its links, in UTF-8 bytes. */
export const maxReferralBytes = 256 * 1024
