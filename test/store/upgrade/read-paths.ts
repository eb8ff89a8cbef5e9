// Everything a client, Microsoft's side and the sandbox's operator can read, as answered over HTTP:
// lists per caller and role (a Referral User's through the team-email table), filters on indexed
// columns, JSON paths, team/any and the country index, counts, every page through nextLink, each
// referral by id, engagements' related referrals, the directory, the clock, snapshots and the
// referrals due to expire. Two servers holding the same data must answer all of it alike.
import type { TestApp } from '../../support/test-app.js'
import { collectionUrl, itemUrl } from '../../support/referral-api.js'
import { authHeader, tenantA, tenantB } from '../../support/tokens.js'
import { claimedUser, directoryUser, northwindUser, type SourceFacts } from './source-data.js'

export interface Reading {
  readonly status: number
  readonly body: unknown
}

/** What each read answered, by a name that says which read it was. */
export type Readings = Map<string, Reading>

type Headers = Record<string, string>

export const callers: Readonly<Record<string, Headers>> = {
  'tenant A admin': authHeader(tenantA),
  'tenant A directory user': authHeader(tenantA, { upn: directoryUser }),
  'tenant A claimed user': authHeader(tenantA, { upn: claimedUser.toUpperCase(), roles: ['Referral User'] }),
  'tenant B admin': authHeader(tenantB),
  'tenant B directory user': authHeader(tenantB, { upn: northwindUser.toLowerCase() }),
}

const filters = [
  "status eq 'Closed'",
  "direction eq 'Incoming' and status eq 'New'",
  "substatus eq 'Won' or substatus eq 'Lost'",
  "customerProfile/address/country eq 'us'",
  `team/any(t: t/email eq '${directoryUser.toUpperCase()}')`,
  `team/any(t: t/email eq '${claimedUser}')`,
  'details/dealValue gt 100000',
  "contains(name, 'deal')",
]

/** Every list and admin read, and each referral of `ids` read by id by every caller. */
export async function readEverything(
  t: TestApp,
  facts: SourceFacts,
  ids: readonly string[] = [],
): Promise<Readings> {
  const readings: Readings = new Map()
  const read = async (name: string, url: string, headers: Headers = {}) => {
    const response = await t.app.inject({ method: 'GET', url, headers })
    readings.set(name, { status: response.statusCode, body: response.json() })
    return response
  }
  for (const [caller, headers] of Object.entries({ ...callers, Microsoft: {} })) {
    const list = caller === 'Microsoft' ? '/_cosell/microsoft/referrals' : collectionUrl
    const item = (id: string) => (caller === 'Microsoft' ? `${list}/${id}` : itemUrl(id))
    await readPages(read, `${caller}: every page`, `${list}?$top=7`, headers)
    await readPages(read, `${caller}: by update`, `${list}?$orderby=updatedDateTime desc&$top=11`, headers)
    for (const filter of [...filters, `engagementId eq '${facts.sharedEngagement}'`])
      await read(`${caller}: ${filter}`, `${list}?$filter=${encodeURIComponent(filter)}`, headers)
    for (const id of ids) await read(`${caller}: ${id}`, item(id), headers)
  }
  const organizations = await read('organizations', '/_cosell/organizations')
  for (const { id } of organizations.json<{ value: { id: string }[] }>().value)
    await read(`users of ${id}`, `/_cosell/organizations/${id}/users`)
  await read('clock', '/_cosell/clock')
  await read('snapshots', '/_cosell/snapshots')
  const due = await t.store.dueForExpiry('9999-12-31T23:59:59.9999999Z', 1000)
  readings.set('due for expiry', { status: 200, body: due.map((r) => r.id) })
  return readings
}

/** Reads a list and every page its nextLinks lead to, each under its own name. */
async function readPages(
  read: (name: string, url: string, headers: Headers) => Promise<{ json<T>(): T }>,
  name: string,
  first: string,
  headers: Headers,
): Promise<void> {
  let url: string | undefined = first
  for (let page = 1; url !== undefined; page++) {
    if (page > 50) throw new Error(`${name}: more than 50 pages`)
    const body: { '@odata.nextLink'?: string } = (await read(`${name} ${page}`, url, headers)).json()
    const next = body['@odata.nextLink']
    url = next === undefined ? undefined : pathAndQuery(next)
  }
}

function pathAndQuery(link: string): string {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}
