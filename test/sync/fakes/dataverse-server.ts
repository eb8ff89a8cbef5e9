// A fake Dataverse environment and its Entra ID token endpoint: the Web API subset the connector
// uses, with Microsoft's documented shapes. Tokens come from POST /{tenant}/oauth2/v2.0/token
// (client credentials, scope `{url}/.default`); tables answer OData queries ($select, a simple
// $filter, Prefer: odata.maxpagesize with @odata.nextLink), change tracking (Prefer:
// odata.track-changes, @odata.deltaLink, $deletedEntity), ETags W/"versionnumber" with If-Match,
// Prefer: return=representation, and errors as { error: { code, message } }.
import {
  FakeHttpServer,
  bearerOf,
  formOf,
  jsonOf,
  type FakeAnswer,
  type FakeRequest,
} from './fake-http-server.js'
import { RecordTable, TokenIssuer, type FakeFields, type FakeRecord } from './record-table.js'

export interface FakeDataverseTable {
  readonly set: string
  readonly key: string
  /** The columns a write may set (besides the key); others are refused as Dataverse does. */
  readonly columns: readonly string[]
  /** Values a created row gets when the request gives none. */
  readonly defaults?: FakeFields
}

export const fakeDataverseTables: Readonly<Record<string, FakeDataverseTable>> = {
  opportunity: {
    set: 'opportunities',
    key: 'opportunityid',
    columns: [
      'name',
      'cosell_customername',
      'estimatedvalue',
      'estimatedclosedate',
      'description',
      'stepname',
      'statecode',
      'statuscode',
      'cosell_referralid',
      'cosell_syncwithpartnercenter',
    ],
    defaults: { statecode: 0, statuscode: 1 },
  },
  lead: {
    set: 'leads',
    key: 'leadid',
    columns: [
      'subject',
      'companyname',
      'firstname',
      'lastname',
      'emailaddress1',
      'telephone1',
      'address1_line1',
      'address1_city',
      'address1_postalcode',
      'estimatedamount',
      'estimatedclosedate',
      'description',
      'statecode',
      'statuscode',
      'cosell_referralid',
      'cosell_syncwithpartnercenter',
    ],
    defaults: { statecode: 0, statuscode: 1 },
  },
}

export interface FakeDataverseOptions {
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: string
  /** Epoch ms of each write. Default Date.now. */
  readonly now?: () => number
}

const apiRoot = '/api/data/v9.2/'
const systemColumns = ['modifiedon', 'createdon', 'versionnumber']

interface Cursor {
  /** A full read: the last key returned and the change number the read started at. */
  readonly after?: string
  readonly snapshot?: number
  /** A delta read: the last change number returned. */
  readonly afterSequence?: number
}

export class FakeDataverse {
  readonly tokens = new TokenIssuer()
  private readonly tables = new Map<
    string,
    { table: FakeDataverseTable; entity: string; rows: RecordTable }
  >()

  private server!: FakeHttpServer

  private constructor(private readonly options: FakeDataverseOptions) {}

  static async start(options: FakeDataverseOptions): Promise<FakeDataverse> {
    const fake = new FakeDataverse(options)
    fake.server = await FakeHttpServer.start((request) => fake.handle(request))
    for (const [entity, table] of Object.entries(fakeDataverseTables)) {
      fake.tables.set(table.set, {
        table,
        entity,
        rows: new RecordTable(() => crypto.randomUUID(), options.now ?? Date.now),
      })
    }
    return fake
  }

  /** The environment URL, which is also the authority (the token endpoint lives on the same server). */
  get url(): string {
    return this.server.baseUrl
  }

  get http(): FakeHttpServer {
    return this.server
  }

  /** The next `count` Web API requests answer 429 with Dataverse's service protection error. */
  rateLimitNext(count: number, retryAfter = '0.01'): void {
    this.server.interceptNext(
      count,
      {
        status: 429,
        headers: { 'retry-after': retryAfter },
        body: {
          error: {
            code: '0x80072322',
            message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
          },
        },
      },
      (request) => request.url.pathname.startsWith(apiRoot),
    )
  }

  createOutside(entity: string, fields: FakeFields): string {
    const { table, rows } = this.tableOf(entity)
    return rows.create({ ...table.defaults, ...fields }).id
  }

  editOutside(entity: string, id: string, fields: FakeFields): void {
    this.tableOf(entity).rows.update(id, fields)
  }

  deleteOutside(entity: string, id: string): void {
    this.tableOf(entity).rows.delete(id)
  }

  row(entity: string, id: string): FakeFields | undefined {
    return this.tableOf(entity).rows.get(id)?.fields
  }

  close(): Promise<void> {
    return this.server.close()
  }

  private tableOf(entity: string) {
    const table = [...this.tables.values()].find((t) => t.entity === entity)
    if (!table) throw new Error(`no table ${entity}`)
    return table
  }

  private handle(request: FakeRequest): FakeAnswer {
    const path = request.url.pathname
    if (path === `/${this.options.tenantId}/oauth2/v2.0/token` && request.method === 'POST')
      return this.token(request)
    if (!path.startsWith(apiRoot))
      return error(404, '0x80060888', `Resource not found for the segment '${path}'.`)
    if (!this.tokens.accepts(bearerOf(request))) {
      return {
        status: 401,
        headers: {
          'www-authenticate': `Bearer authorization_uri=${this.url}/${this.options.tenantId}/oauth2/authorize`,
        },
      }
    }
    const match = /^([a-z_]+)(?:\(([^)]*)\))?$/.exec(decodeURIComponent(path.slice(apiRoot.length)))
    const table = match && this.tables.get(match[1]!)
    if (!match || !table)
      return error(404, '0x80060888', `Resource not found for the segment '${path.slice(apiRoot.length)}'.`)
    const id = match[2]
    const select = this.select(request, table.table)
    if (typeof select === 'object' && !Array.isArray(select)) return select
    if (id === undefined && request.method === 'GET') return this.list(request, table, select)
    if (id === undefined && request.method === 'POST') return this.create(request, table, select)
    if (id !== undefined && request.method === 'GET') return this.read(table, id, select)
    if (id !== undefined && request.method === 'PATCH') return this.patch(request, table, id, select)
    return error(405, '0x80060888', `${request.method} is not supported on ${path}.`)
  }

  private token(request: FakeRequest): FakeAnswer {
    const form = formOf(request)
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'AADSTS70003: The app requested an unsupported grant type.',
        },
      }
    }
    if (form.get('client_id') !== this.options.clientId) {
      return {
        status: 400,
        body: {
          error: 'unauthorized_client',
          error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
        },
      }
    }
    if (form.get('client_secret') !== this.options.clientSecret) {
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        },
      }
    }
    if (form.get('scope') !== `${this.url}/.default`) {
      return {
        status: 400,
        body: {
          error: 'invalid_scope',
          error_description: `AADSTS70011: The provided value for the input parameter 'scope' is not valid.`,
        },
      }
    }
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: this.tokens.issue(),
      },
    }
  }

  /** The $select columns, or an error answer naming the unknown one. */
  private select(request: FakeRequest, table: FakeDataverseTable): string[] | FakeAnswer {
    const text = request.url.searchParams.get('$select')
    const columns = text ? text.split(',') : [...table.columns, ...systemColumns]
    const unknown = columns.find(
      (c) => c !== table.key && !table.columns.includes(c) && !systemColumns.includes(c),
    )
    if (unknown)
      return error(
        400,
        '0x80060888',
        `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${entityOf(table)}'.`,
      )
    return columns
  }

  private list(
    request: FakeRequest,
    { table, rows }: { table: FakeDataverseTable; rows: RecordTable },
    select: string[],
  ): FakeAnswer {
    const params = request.url.searchParams
    const prefer = String(request.headers.prefer ?? '')
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 5000)
    const cursor = params.has('$skiptoken')
      ? (JSON.parse(Buffer.from(params.get('$skiptoken')!, 'base64url').toString()) as Cursor)
      : {}
    const context = `${this.url}${apiRoot}$metadata#${table.set}(${select.join(',')})`
    const filterText = params.get('$filter')
    const kept = filterText ? `&$filter=${encodeURIComponent(filterText)}` : ''
    const link = (extra: string) =>
      `${this.url}${apiRoot}${table.set}?$select=${select.join(',')}${kept}${extra}`
    const skip = (next: Cursor) => `&$skiptoken=${Buffer.from(JSON.stringify(next)).toString('base64url')}`
    if (params.has('$deltatoken')) {
      const since = Number(params.get('$deltatoken')!.split('!')[0])
      const after = cursor.afterSequence ?? since
      const changed = rows
        .all(true)
        .filter((r) => r.sequence > after)
        .sort((a, b) => a.sequence - b.sequence)
      const page = changed.slice(0, pageSize)
      const value = page.map((r) => (r.deleted ? this.tombstone(table, r) : this.entity(table, r, select)))
      const delta = `&$deltatoken=${encodeURIComponent(`${rows.lastSequence}!${new Date().toUTCString()}`)}`
      const more = changed.length > page.length
      const next = more
        ? {
            '@odata.nextLink': link(`&$deltatoken=${since}${skip({ afterSequence: page.at(-1)!.sequence })}`),
          }
        : { '@odata.deltaLink': link(delta) }
      return this.page(`${context}/$delta`, value, next, prefer)
    }
    const matches = filterText ? this.filter(filterText, table) : () => true
    if (typeof matches !== 'function') return matches
    const snapshot = cursor.snapshot ?? rows.lastSequence
    const all = rows
      .all()
      .filter((r) => matches(r))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    const rest = cursor.after === undefined ? all : all.filter((r) => r.id > cursor.after!)
    const page = rest.slice(0, pageSize)
    const value = page.map((r) => this.entity(table, r, select))
    const tracking = prefer.includes('odata.track-changes')
    let links = {}
    if (rest.length > page.length)
      links = { '@odata.nextLink': link(skip({ after: page.at(-1)!.id, snapshot })) }
    else if (tracking)
      links = {
        '@odata.deltaLink': link(
          `&$deltatoken=${encodeURIComponent(`${snapshot}!${new Date().toUTCString()}`)}`,
        ),
      }
    return this.page(tracking ? `${context}/$delta` : context, value, links, prefer)
  }

  private page(context: string, value: unknown[], links: object, prefer: string): FakeAnswer {
    return {
      status: 200,
      headers: { 'preference-applied': prefer },
      body: { '@odata.context': context, value, ...links },
    }
  }

  /** `column eq 'text'`, `column eq 12`, `column eq true`: the one form the connector sends. */
  private filter(text: string, table: FakeDataverseTable): ((r: FakeRecord) => boolean) | FakeAnswer {
    const match = /^([a-z_0-9]+) eq ('(?:[^']|'')*'|-?[0-9.]+|true|false|null)$/i.exec(text)
    if (!match) return error(400, '0x80060888', `The fake does not understand the $filter ${text}.`)
    const [, column, literal] = match as unknown as [string, string, string]
    if (column !== table.key && !table.columns.includes(column)) {
      return error(
        400,
        '0x80060888',
        `Could not find a property named '${column}' on type 'Microsoft.Dynamics.CRM.${entityOf(table)}'.`,
      )
    }
    const value: unknown = literal.startsWith("'")
      ? literal.slice(1, -1).replaceAll("''", "'")
      : JSON.parse(literal)
    return (r) => (column === table.key ? r.id : (r.fields[column] ?? null)) === value
  }

  private read(
    { table, rows }: { table: FakeDataverseTable; rows: RecordTable },
    id: string,
    select: string[],
  ): FakeAnswer {
    const record = rows.get(id)
    if (!record) return notFound(table, id)
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}${apiRoot}$metadata#${table.set}/$entity`,
        ...this.entity(table, record, select),
      },
    }
  }

  private create(
    request: FakeRequest,
    { table, rows }: { table: FakeDataverseTable; rows: RecordTable },
    select: string[],
  ): FakeAnswer {
    const body = this.writable(request, table)
    if ('status' in body) return body
    const record = rows.create({ ...table.defaults, ...body.fields })
    return this.written(request, table, record, select, 201)
  }

  /** PATCH is an upsert; If-Match: * or an ETag makes it an update only. */
  private patch(
    request: FakeRequest,
    { table, rows }: { table: FakeDataverseTable; rows: RecordTable },
    id: string,
    select: string[],
  ): FakeAnswer {
    const body = this.writable(request, table)
    if ('status' in body) return body
    const record = rows.get(id)
    const ifMatch = request.headers['if-match']
    if (!record && ifMatch !== undefined) return notFound(table, id)
    if (!record)
      return this.written(request, table, rows.create({ ...table.defaults, ...body.fields }, id), select, 201)
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag(record)) {
      return error(
        412,
        '0x80060882',
        "The version of the existing record doesn't match the RowVersion property provided.",
      )
    }
    return this.written(request, table, rows.update(id, body.fields), select, 200)
  }

  private writable(request: FakeRequest, table: FakeDataverseTable): { fields: FakeFields } | FakeAnswer {
    const body = jsonOf(request)
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return error(400, '0x80040216', 'The request body must be a JSON object.')
    const unknown = Object.keys(body).find((c) => !table.columns.includes(c))
    if (unknown) {
      return error(
        400,
        '0x80060888',
        `The property '${unknown}' does not exist on type 'Microsoft.Dynamics.CRM.${entityOf(table)}'. Make sure to only use property names that are defined by the type.`,
      )
    }
    return { fields: body as FakeFields }
  }

  private written(
    request: FakeRequest,
    table: FakeDataverseTable,
    record: FakeRecord,
    select: string[],
    status: number,
  ): FakeAnswer {
    const entityId = `${this.url}${apiRoot}${table.set}(${record.id})`
    if (!String(request.headers.prefer ?? '').includes('return=representation')) {
      return { status: 204, headers: { 'odata-entityid': entityId } }
    }
    return { status, headers: { 'odata-entityid': entityId }, body: this.entity(table, record, select) }
  }

  private entity(table: FakeDataverseTable, record: FakeRecord, select: string[]): FakeFields {
    const system: FakeFields = {
      modifiedon: stamp(record.modifiedAt),
      createdon: stamp(record.createdAt),
      versionnumber: record.sequence,
    }
    const entity: FakeFields = { '@odata.etag': etag(record) }
    for (const column of select)
      entity[column] = column in system ? system[column] : (record.fields[column] ?? null)
    entity[table.key] = record.id
    return entity
  }

  private tombstone(table: FakeDataverseTable, record: FakeRecord): FakeFields {
    return {
      '@odata.context': `${this.url}${apiRoot}$metadata#${table.set}/$deletedEntity`,
      id: record.id,
      reason: 'deleted',
    }
  }
}

function etag(record: FakeRecord): string {
  return `W/"${record.sequence}"`
}

/** Dataverse writes date-times to the second, in UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function entityOf(table: FakeDataverseTable): string {
  return Object.entries(fakeDataverseTables).find(([, t]) => t === table)?.[0] ?? table.set
}

function notFound(table: FakeDataverseTable, id: string): FakeAnswer {
  return error(404, '0x80040217', `${entityOf(table)} With Id = ${id} Does Not Exist`)
}

function error(status: number, code: string, message: string): FakeAnswer {
  return { status, body: { error: { code, message } } }
}
