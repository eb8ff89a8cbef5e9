// HubSpot deals through the CRM v3 API: objects read and written by id, changes found with the
// search endpoint in hs_lastmodifieddate order. Property values are text in HubSpot; the connector
// writes numbers and booleans as text and reads an empty value as null.
import { readBack } from '../http/read-back.js'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
  type CrmValue,
} from '../connector.js'
import type { CrmHttp } from '../http/crm-http.js'
import { crmValueOf } from '../http/crm-value-of.js'

export interface HubSpotTarget {
  /** `https://api.hubapi.com/crm/v3/objects/deals` */
  readonly objects: string
  readonly properties: readonly string[]
}

interface HubSpotObject {
  readonly id: string
  readonly properties: Readonly<Record<string, unknown>>
  readonly updatedAt?: string
}

interface SearchAnswer {
  readonly results: readonly HubSpotObject[]
  readonly paging?: { readonly next?: { readonly after?: string } }
}

type Filter = { readonly propertyName: string; readonly operator: string; readonly value: string }

const modified = 'hs_lastmodifieddate'
/** Most results one search request returns. */
const searchPage = 100
/** HubSpot's search answers at most this many results for one query, `after` included. */
const searchWindow = 10_000
const objectId = /^[0-9]+$/
const cursorForm = /^([0-9]+)\|([0-9,]*)$/

export class HubSpotConnector implements CrmConnector {
  readonly label = 'hubspot deals'
  readonly writable = true
  private readonly read: string[]

  constructor(
    private readonly http: CrmHttp,
    private readonly target: HubSpotTarget,
  ) {
    this.read = [...new Set([...target.properties, modified])]
  }

  /**
   * Deals modified at or after the cursor's instant, oldest first. Each call searches afresh from
   * the cursor rather than paging on with `after`, so the 10,000-result window of one search never
   * binds; the cursor keeps the ids already returned at its instant, which are skipped.
   */
  async changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    const from = cursor ? cursorForm.exec(cursor) : undefined
    if (from === null) throw new CrmRefusedError(`"${cursor}" is not a HubSpot connector cursor`)
    const since = from ? Number(from[1]) : undefined
    const seen = new Set(from?.[2] ? from[2].split(',') : [])
    const filters =
      since === undefined ? [] : [{ propertyName: modified, operator: 'GTE', value: String(since) }]
    const records: CrmRecord[] = []
    let after: string | undefined
    let exhausted = false
    while (records.length < limit && !exhausted) {
      const answer = await this.search(filters, Math.min(searchPage, limit + seen.size), after)
      for (const found of answer.results) {
        const record = this.record(found)
        if (Date.parse(record.modifiedAt) === since && seen.has(record.id)) continue
        if (records.length < limit) records.push(record)
      }
      after = answer.paging?.next?.after
      exhausted = after === undefined || Number(after) >= searchWindow
    }
    return {
      records,
      cursor: this.cursorAfter(records, since, seen, cursor),
      caughtUp: records.length < limit,
    }
  }

  async get(id: string): Promise<CrmRecord | undefined> {
    if (!objectId.test(id)) return undefined
    const url = `${this.target.objects}/${id}?properties=${this.read.join(',')}`
    const answer = await this.http.request('GET', url, { expect: [404] })
    return answer.status === 404 ? undefined : this.record(answer.body as HubSpotObject)
  }

  async findBy(field: string, value: string): Promise<CrmRecord[]> {
    const found: CrmRecord[] = []
    let after: string | undefined
    do {
      const answer = await this.search([{ propertyName: field, operator: 'EQ', value }], searchPage, after)
      found.push(...answer.results.map((result) => this.record(result)))
      after = answer.paging?.next?.after
    } while (after !== undefined)
    return found
  }

  async create(fields: CrmFields): Promise<CrmRecord> {
    const answer = await this.http.request('POST', this.target.objects, {
      body: { properties: asText(fields) },
    })
    return readBack(this, (answer.body as HubSpotObject).id)
  }

  /**
   * HubSpot has no conditional update: with `ifVersion` the deal is read first and its
   * hs_lastmodifieddate compared, so a write landing between that read and the PATCH is not seen.
   */
  async update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    if (!objectId.test(id)) throw new CrmNotFoundError(id)
    if (ifVersion !== undefined) {
      const current = await this.get(id)
      if (!current) throw new CrmNotFoundError(id)
      if (current.version !== ifVersion) throw new CrmConflictError(id)
    }
    const url = `${this.target.objects}/${id}`
    const answer = await this.http.request('PATCH', url, {
      body: { properties: asText(fields) },
      expect: [404],
    })
    if (answer.status === 404) throw new CrmNotFoundError(id)
    return readBack(this, id)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  private async search(
    filters: readonly Filter[],
    limit: number,
    after: string | undefined,
  ): Promise<SearchAnswer> {
    const body = {
      filterGroups: filters.length ? [{ filters }] : [],
      sorts: [{ propertyName: modified, direction: 'ASCENDING' }],
      properties: this.read,
      limit,
      ...(after === undefined ? {} : { after }),
    }
    return (await this.http.request('POST', `${this.target.objects}/search`, { body })).body as SearchAnswer
  }

  private cursorAfter(
    records: CrmRecord[],
    since: number | undefined,
    seen: Set<string>,
    cursor?: string,
  ): string {
    const last = records.at(-1)
    if (!last) return cursor ?? ''
    const at = Date.parse(last.modifiedAt)
    const ids = records.filter((r) => Date.parse(r.modifiedAt) === at).map((r) => r.id)
    const kept = at === since ? [...seen, ...ids] : ids
    return `${at}|${kept.join(',')}`
  }

  private record(found: HubSpotObject): CrmRecord {
    const fields: Record<string, CrmValue> = {}
    for (const name of this.target.properties) {
      const value = crmValueOf(found.properties[name])
      fields[name] = value === '' ? null : value
    }
    const version = String(crmValueOf(found.properties[modified] ?? found.updatedAt))
    return { id: found.id, version, modifiedAt: new Date(version).toISOString(), fields }
  }
}

function asText(fields: CrmFields): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, value === null ? '' : String(value)]),
  )
}
