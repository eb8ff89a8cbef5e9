// A fake Salesforce org: the REST API subset the connector uses, in Salesforce's documented shapes.
// POST /services/oauth2/token (client credentials), SOQL by GET /services/data/v60.0/query with
// nextRecordsUrl paging, sObject rows created by POST ({ id, success, errors }) and updated by PATCH
// (204, If-Unmodified-Since → 412), errors as [{ message, errorCode, fields }], and
// REQUEST_LIMIT_EXCEEDED (403) on demand. Date-times are kept to the second, as Salesforce does.
import {
  FakeHttpServer,
  bearerOf,
  formOf,
  jsonOf,
  type FakeAnswer,
  type FakeRequest,
} from './fake-http-server.js'
import { RecordTable, TokenIssuer, type FakeFields, type FakeRecord } from './record-table.js'
import { SoqlError, compare, parseSoql, satisfies, type SoqlQuery } from './soql.js'

interface FakeObject {
  readonly prefix: string
  readonly fields: readonly string[]
  readonly required: readonly string[]
}

const objects: Readonly<Record<string, FakeObject>> = {
  Opportunity: {
    prefix: '006',
    fields: [
      'Name',
      'Customer_Account_Name__c',
      'Amount',
      'CloseDate',
      'StageName',
      'Description',
      'Partner_Center_Referral_Id__c',
      'Sync_With_Partner_Center__c',
    ],
    required: ['Name', 'StageName', 'CloseDate'],
  },
  Contact: { prefix: '003', fields: ['FirstName', 'LastName', 'Email', 'Phone'], required: ['LastName'] },
  OpportunityContactRole: {
    prefix: '00K',
    fields: ['OpportunityId', 'ContactId', 'IsPrimary', 'Role'],
    required: ['OpportunityId', 'ContactId'],
  },
}

const dateTimeFields = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']
const apiRoot = '/services/data/v60.0/'

export interface FakeSalesforceOptions {
  readonly clientId: string
  readonly clientSecret: string
  /** Epoch ms of each write. Default Date.now. */
  readonly now?: () => number
  /** Records per query answer before nextRecordsUrl. Default 2000, as Salesforce's. */
  readonly batchSize?: number
}

export class FakeSalesforce {
  readonly tokens = new TokenIssuer()
  private server!: FakeHttpServer
  private readonly tables = new Map<string, RecordTable>()
  private readonly pendingBatches = new Map<string, FakeFields[]>()
  private locators = 0

  private constructor(private readonly options: FakeSalesforceOptions) {
    for (const [name, object] of Object.entries(objects)) {
      let n = 0
      const newId = () => `${object.prefix}FAKE${String(++n).padStart(11, '0')}`
      this.tables.set(name, new RecordTable(newId, options.now ?? Date.now))
    }
  }

  static async start(options: FakeSalesforceOptions): Promise<FakeSalesforce> {
    const fake = new FakeSalesforce(options)
    fake.server = await FakeHttpServer.start((request) => fake.handle(request))
    return fake
  }

  get instanceUrl(): string {
    return this.server.baseUrl
  }

  get http(): FakeHttpServer {
    return this.server
  }

  /** The next `count` API requests answer 403 REQUEST_LIMIT_EXCEEDED (with Retry-After when given). */
  limitNext(count: number, retryAfter?: string): void {
    this.server.interceptNext(
      count,
      {
        status: 403,
        ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      },
      (request) => request.url.pathname.startsWith(apiRoot),
    )
  }

  createOutside(object: string, fields: FakeFields): string {
    return this.table(object).create(fields).id
  }

  editOutside(object: string, id: string, fields: FakeFields): void {
    this.table(object).update(id, fields)
  }

  record(object: string, id: string): FakeFields | undefined {
    return this.table(object).get(id)?.fields
  }

  /** The Contact fields of an opportunity's primary contact role, if it has one. */
  primaryContact(opportunityId: string): FakeFields | undefined {
    const contactId = this.primaryContactId(opportunityId)
    return contactId === undefined ? undefined : this.record('Contact', contactId)
  }

  primaryContactId(opportunityId: string): string | undefined {
    const role = this.table('OpportunityContactRole')
      .all()
      .find((r) => r.fields.OpportunityId === opportunityId && r.fields.IsPrimary === true)
    return role && String(role.fields.ContactId)
  }

  close(): Promise<void> {
    return this.server.close()
  }

  private table(object: string): RecordTable {
    const table = this.tables.get(object)
    if (!table) throw new Error(`no object ${object}`)
    return table
  }

  private handle(request: FakeRequest): FakeAnswer {
    const path = request.url.pathname
    if (path === '/services/oauth2/token' && request.method === 'POST') return this.token(request)
    if (!path.startsWith(apiRoot)) return failure(404, 'NOT_FOUND', 'The requested resource does not exist')
    if (!this.tokens.accepts(bearerOf(request)))
      return failure(401, 'INVALID_SESSION_ID', 'Session expired or invalid')
    const rest = path.slice(apiRoot.length).split('/')
    if (rest[0] === 'query' && request.method === 'GET')
      return rest[1] ? this.moreRecords(rest[1]) : this.query(request)
    if (rest[0] === 'sobjects' && rest[1] && objects[rest[1]]) {
      if (rest.length === 2 && request.method === 'POST') return this.create(rest[1], request)
      if (rest.length === 3 && request.method === 'PATCH') return this.update(rest[1], rest[2]!, request)
    }
    return failure(404, 'NOT_FOUND', 'The requested resource does not exist')
  }

  private token(request: FakeRequest): FakeAnswer {
    const form = formOf(request)
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
      }
    }
    if (
      form.get('client_id') !== this.options.clientId ||
      form.get('client_secret') !== this.options.clientSecret
    ) {
      return {
        status: 400,
        body: { error: 'invalid_client', error_description: 'invalid client credentials' },
      }
    }
    return {
      status: 200,
      body: {
        access_token: this.tokens.issue(),
        signature: 'fake-signature',
        scope: 'api',
        instance_url: this.instanceUrl,
        id: `${this.instanceUrl}/id/00DFAKE/005FAKE`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
      },
    }
  }

  private query(request: FakeRequest): FakeAnswer {
    let query: SoqlQuery
    try {
      query = parseSoql(request.url.searchParams.get('q') ?? '')
    } catch (error) {
      return failure(400, 'MALFORMED_QUERY', error instanceof SoqlError ? error.message : String(error))
    }
    const unknown = this.unknownField(query)
    if (unknown) return unknown
    const rows = this.rows(query.from, query).map((r) => this.sobject(query.from, r, query))
    const header = String(request.headers['sforce-query-options'] ?? '')
    const asked = Number(/batchSize=(\d+)/.exec(header)?.[1] ?? 2000)
    const batchSize = this.options.batchSize ?? Math.min(2000, Math.max(200, asked))
    return this.batch(rows, batchSize, rows.length)
  }

  private moreRecords(locator: string): FakeAnswer {
    const [key, size] = locator.split('-')
    const rows = this.pendingBatches.get(key!)
    if (!rows) return failure(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator')
    this.pendingBatches.delete(key!)
    return this.batch(rows, Number(size), Number.NaN)
  }

  private batch(rows: FakeFields[], batchSize: number, totalSize: number): FakeAnswer {
    const records = rows.slice(0, batchSize)
    const rest = rows.slice(batchSize)
    if (rest.length === 0)
      return {
        status: 200,
        body: { totalSize: Number.isNaN(totalSize) ? records.length : totalSize, done: true, records },
      }
    const key = `01gFAKE${++this.locators}`
    this.pendingBatches.set(key, rest)
    const nextRecordsUrl = `${apiRoot}query/${key}-${batchSize}`
    return { status: 200, body: { totalSize, done: false, nextRecordsUrl, records } }
  }

  private rows(object: string, query: SoqlQuery, parent?: FakeRecord): FakeRecord[] {
    const table = this.table(object)
    let rows = table.all().filter((r) => !parent || r.fields.OpportunityId === parent.id)
    if (query.where) rows = rows.filter((r) => satisfies(query.where!, (field) => readField(r, field)))
    for (const order of [...query.orderBy].reverse()) {
      rows.sort(
        (a, b) => compare(readField(a, order.field), readField(b, order.field)) * (order.descending ? -1 : 1),
      )
    }
    return query.limit === undefined ? rows : rows.slice(0, query.limit)
  }

  private sobject(object: string, record: FakeRecord, query: SoqlQuery): FakeFields {
    const row: FakeFields = { attributes: attributes(object, record.id) }
    for (const field of query.fields) {
      const [relation, inner] = field.split('.')
      if (inner === undefined) row[field] = output(record, field)
      else {
        const related = this.table(relation!).get(String(record.fields[`${relation}Id`]))
        const nested = (row[relation!] ??= related
          ? { attributes: attributes(relation!, related.id) }
          : null) as FakeFields | null
        if (nested && related) nested[inner] = output(related, inner)
      }
    }
    for (const subquery of query.subqueries) {
      const children = this.rows('OpportunityContactRole', subquery, record).map((r) =>
        this.sobject('OpportunityContactRole', r, subquery),
      )
      row[subquery.from] = children.length
        ? { totalSize: children.length, done: true, records: children }
        : null
    }
    return row
  }

  private unknownField(query: SoqlQuery): FakeAnswer | undefined {
    const object = objects[query.from]
    if (!object) return failure(400, 'INVALID_TYPE', `sObject type '${query.from}' is not supported.`)
    const known = (field: string) => {
      const [relation, inner] = field.split('.')
      if (inner !== undefined) return relation === 'Contact' && objects.Contact!.fields.includes(inner)
      return field === 'Id' || dateTimeFields.includes(field) || object.fields.includes(field)
    }
    const fields = [...query.fields, ...query.orderBy.map((o) => o.field), ...conditionFields(query.where)]
    const bad = fields.find((f) => !known(f))
    if (bad) {
      return failure(
        400,
        'INVALID_FIELD',
        `No such column '${bad}' on entity '${query.from}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
      )
    }
    for (const subquery of query.subqueries) {
      if (query.from !== 'Opportunity' || subquery.from !== 'OpportunityContactRoles') {
        return failure(
          400,
          'INVALID_TYPE',
          `Didn't understand relationship '${subquery.from}' in FROM part of query call.`,
        )
      }
      const inner = this.unknownField({ ...subquery, from: 'OpportunityContactRole' })
      if (inner) return inner
    }
    return undefined
  }

  private create(object: string, request: FakeRequest): FakeAnswer {
    const body = this.fields(object, request, true)
    if ('status' in body) return body
    const id = this.table(object).create(body.fields).id
    return { status: 201, body: { id, success: true, errors: [] } }
  }

  private update(object: string, id: string, request: FakeRequest): FakeAnswer {
    const table = this.table(object)
    const record = table.get(id)
    if (!record) return failure(404, 'NOT_FOUND', 'The requested resource does not exist')
    const since = request.headers['if-unmodified-since']
    if (since !== undefined) {
      const at = Date.parse(since)
      if (Number.isNaN(at))
        return failure(400, 'INVALID_HEADER_VALUE', `Invalid If-Unmodified-Since header: ${since}`)
      if (toSecond(record.modifiedAt) > at) {
        return failure(
          412,
          'PRECONDITION_FAILED',
          'The record has been modified since the time given in If-Unmodified-Since.',
        )
      }
    }
    const body = this.fields(object, request, false)
    if ('status' in body) return body
    table.update(id, body.fields)
    return { status: 204 }
  }

  private fields(
    object: string,
    request: FakeRequest,
    creating: boolean,
  ): { fields: FakeFields } | FakeAnswer {
    const body = jsonOf(request)
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return failure(400, 'JSON_PARSER_ERROR', 'The body must be a JSON object.')
    const fields = body as FakeFields
    const { fields: known, required } = objects[object]!
    const unknown = Object.keys(fields).find((f) => !known.includes(f))
    if (unknown)
      return failure(400, 'INVALID_FIELD', `No such column '${unknown}' on sobject of type ${object}`)
    const missing = required.filter(
      (f) => (creating || f in fields) && (fields[f] === undefined || fields[f] === null || fields[f] === ''),
    )
    if (missing.length) {
      return {
        status: 400,
        body: [
          {
            message: `Required fields are missing: [${missing.join(', ')}]`,
            errorCode: 'REQUIRED_FIELD_MISSING',
            fields: missing,
          },
        ],
      }
    }
    return { fields }
  }
}

function readField(record: FakeRecord, field: string): unknown {
  if (field === 'Id') return record.id
  if (field === 'CreatedDate') return toSecond(record.createdAt)
  if (dateTimeFields.includes(field)) return toSecond(record.modifiedAt)
  return record.fields[field]
}

function output(record: FakeRecord, field: string): unknown {
  const value = readField(record, field)
  return dateTimeFields.includes(field) ? salesforceDateTime(value as number) : (value ?? null)
}

function conditionFields(condition: SoqlQuery['where']): string[] {
  if (!condition) return []
  return condition.kind === 'compare'
    ? [condition.field]
    : [...conditionFields(condition.left), ...conditionFields(condition.right)]
}

function attributes(type: string, id: string) {
  return { type, url: `${apiRoot}sobjects/${type}/${id}` }
}

function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

/** `2024-05-01T10:00:00.000+0000`, as Salesforce writes date-times. */
function salesforceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}

function failure(status: number, errorCode: string, message: string): FakeAnswer {
  return { status, body: [{ message, errorCode }] }
}
