// A Dataverse table (Dynamics 365 opportunities or leads) through the Web API: OData queries,
// change tracking by delta links, optimistic concurrency by the row's ETag.
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  type CrmConnector,
  type CrmChangePage,
  type CrmFields,
  type CrmRecord,
  type CrmValue,
} from '../connector.js'
import type { CrmHttp } from '../http/crm-http.js'
import { crmValueOf } from '../http/crm-value-of.js'

export interface DataverseTarget {
  /** The Web API root: `https://org.crm.dynamics.com/api/data/v9.2`. */
  readonly api: string
  readonly entity: string
  readonly set: string
  readonly key: string
  /** The columns read ($select) and returned as the record's fields. */
  readonly columns: readonly string[]
}

interface ODataPage {
  readonly value?: readonly Entity[]
  readonly '@odata.nextLink'?: string
  readonly '@odata.deltaLink'?: string
}

type Entity = Readonly<Record<string, unknown>>

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const columnName = /^[A-Za-z_][A-Za-z0-9_]*$/
const findPageSize = 500
const deltaRequest = /[?&]\$deltatoken=/

export class DataverseConnector implements CrmConnector {
  readonly label: string
  readonly writable = true
  private readonly collection: string
  private readonly select: string

  constructor(
    private readonly http: CrmHttp,
    private readonly target: DataverseTarget,
  ) {
    this.label = `dataverse ${target.set}`
    this.collection = `${target.api}/${target.set}`
    this.select = `$select=${[...new Set([...target.columns, 'modifiedon'])].join(',')}`
  }

  /**
   * The first call reads the whole table with change tracking on, page by page (`@odata.nextLink`);
   * its last page ends with `@odata.deltaLink`, which later calls follow for what changed since.
   * The cursor is the link to follow next; a page is caught up only at the end of a delta read. Deleted rows (`$deletedEntity`) are skipped: a record
   * deleted in the CRM simply stops changing.
   */
  async changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    const url = cursor ? this.ownLink(cursor) : `${this.collection}?${this.select}`
    const prefer = `odata.track-changes, odata.maxpagesize=${limit}`
    const page = (await this.http.request('GET', url, { headers: { prefer } })).body as ODataPage
    const records = (page.value ?? []).filter((entity) => !isDeleted(entity)).map((e) => this.record(e))
    const next = page['@odata.nextLink']
    if (next) return { records, cursor: next, caughtUp: false }
    const delta = page['@odata.deltaLink']
    if (!delta) {
      throw new CrmRefusedError(
        `Dataverse sent no @odata.deltaLink for ${this.target.set}: turn on "Track changes" in the ${this.target.entity} table's properties`,
      )
    }
    // the delta link of a full read starts where the read began: what changed while it ran follows
    return { records, cursor: delta, caughtUp: deltaRequest.test(url) }
  }

  async get(id: string): Promise<CrmRecord | undefined> {
    if (!guid.test(id)) return undefined
    const answer = await this.http.request('GET', `${this.row(id)}?${this.select}`, { expect: [404] })
    return answer.status === 404 ? undefined : this.record(answer.body as Entity)
  }

  async findBy(field: string, value: string): Promise<CrmRecord[]> {
    if (!columnName.test(field)) throw new CrmRefusedError(`"${field}" is not a Dataverse column name`)
    const filter = encodeURIComponent(`${field} eq '${value.replaceAll("'", "''")}'`)
    const found: CrmRecord[] = []
    let url: string | undefined = `${this.collection}?${this.select}&$filter=${filter}`
    while (url) {
      const headers = { prefer: `odata.maxpagesize=${findPageSize}` }
      const page = (await this.http.request('GET', url, { headers })).body as ODataPage
      found.push(...(page.value ?? []).map((entity) => this.record(entity)))
      url = page['@odata.nextLink'] && this.ownLink(page['@odata.nextLink'])
    }
    return found
  }

  async create(fields: CrmFields): Promise<CrmRecord> {
    const headers = { prefer: 'return=representation' }
    const answer = await this.http.request('POST', `${this.collection}?${this.select}`, {
      body: fields,
      headers,
    })
    return this.record(answer.body as Entity)
  }

  /** PATCH with If-Match: the version, or `*` so that a missing row is not created (PATCH is an upsert). */
  async update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    if (!guid.test(id)) throw new CrmNotFoundError(id)
    const headers = { prefer: 'return=representation', 'if-match': ifVersion ?? '*' }
    const url = `${this.row(id)}?${this.select}`
    const answer = await this.http.request('PATCH', url, { body: fields, headers, expect: [404, 412] })
    if (answer.status === 404) throw new CrmNotFoundError(id)
    if (answer.status === 412) {
      if (ifVersion === undefined) throw new CrmNotFoundError(id)
      throw new CrmConflictError(id)
    }
    return this.record(answer.body as Entity)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  private row(id: string): string {
    return `${this.collection}(${id})`
  }

  /** A cursor or next link must lead back to this table: the token is never sent elsewhere. */
  private ownLink(link: string): string {
    if (!link.startsWith(`${this.collection}?`)) {
      throw new CrmRefusedError(`The Dataverse cursor ${link} is not a link into ${this.collection}`)
    }
    return link
  }

  private record(entity: Entity): CrmRecord {
    const fields: Record<string, CrmValue> = {}
    for (const column of this.target.columns) fields[column] = crmValueOf(entity[column])
    return {
      id: String(entity[this.target.key]),
      version: String(entity['@odata.etag']),
      modifiedAt: new Date(String(entity.modifiedon)).toISOString(),
      fields,
    }
  }
}

function isDeleted(entity: Entity): boolean {
  return typeof entity['@odata.context'] === 'string' && entity['@odata.context'].endsWith('$deletedEntity')
}
