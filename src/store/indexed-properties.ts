// The properties both stores keep indexes for (after the organisation, or unique), and the orders
// those indexes already hold: what a list may use and still be answered at once. The embedded
// store plans with them (sqlite/index-answerable.ts); either store names them when a list runs out
// of its time budget.

/** Columns that lead an index after the organisation (or are unique). */
export const indexedColumns: ReadonlySet<string> = new Set([
  'id',
  'organizationId',
  'engagementId',
  'status',
  'direction',
  'createdDateTime',
  'updatedDateTime',
])
/** An expression index holds this path lower-cased: text comparisons use it. */
export const countryPath = 'customerProfile/address/country'
/** Orders an index already holds: (organization_id, <key> DESC, id). */
export const indexedOrders: ReadonlySet<string> = new Set(['createdDateTime', 'updatedDateTime'])
/** $skip reads and drops rows one by one; past this many it is no longer cheap. */
export const maxCheapSkip = 1000

/** The properties a filter can use and stay on the fast path, for error messages. */
export const indexedProperties: readonly string[] = [
  ...indexedColumns,
  `${countryPath} (eq, ne, in)`,
  "team/any(t: t/email eq '…')",
]
