// A fake HubSpot portal: the CRM v3 deals API in HubSpot's documented shapes. A private app token
// as Bearer; objects { id, properties (text), createdAt, updatedAt, archived }; search with
// filterGroups (EQ, GTE, LT), one sort, limit ≤ 200, `after` paging within 10,000 results; errors
// { status: 'error', message, correlationId, category }; 429 with errorType RATE_LIMIT and the
// X-HubSpot-RateLimit headers on demand.
import { FakeHttpServer, bearerOf, jsonOf, type FakeAnswer, type FakeRequest } from './fake-http-server.js'
import { RecordTable, type FakeFields, type FakeRecord } from './record-table.js'

const dealProperties = [
  'dealname',
  'amount',
  'closedate',
  'dealstage',
  'pipeline',
  'description',
  'partner_center_referral_id',
  'sync_with_partner_center',
]
const readOnly = ['hs_lastmodifieddate', 'createdate', 'hs_object_id']
const shownByDefault = ['dealname', 'amount', 'closedate', 'dealstage', 'pipeline', ...readOnly]
const root = '/crm/v3/objects/deals'

interface SearchBody {
  filterGroups?: { filters?: { propertyName: string; operator: string; value?: string }[] }[]
  sorts?: { propertyName: string; direction?: string }[]
  properties?: string[]
  limit?: number
  after?: string
}

export interface FakeHubSpotOptions {
  readonly accessToken: string
  /** Epoch ms of each write. Default Date.now. */
  readonly now?: () => number
}

export class FakeHubSpot {
  private server!: FakeHttpServer
  private readonly deals: RecordTable

  private constructor(private readonly options: FakeHubSpotOptions) {
    let n = 1_000_000_000
    this.deals = new RecordTable(() => String(++n), options.now ?? Date.now)
  }

  static async start(options: FakeHubSpotOptions): Promise<FakeHubSpot> {
    const fake = new FakeHubSpot(options)
    fake.server = await FakeHttpServer.start((request) => fake.handle(request))
    return fake
  }

  get baseUrl(): string {
    return this.server.baseUrl
  }

  get http(): FakeHttpServer {
    return this.server
  }

  /** The next `count` requests answer 429 for the ten-secondly policy, its interval `intervalMs`. */
  rateLimitNext(count: number, intervalMs = 20): void {
    this.server.interceptNext(count, {
      status: 429,
      headers: {
        'x-hubspot-ratelimit-interval-milliseconds': String(intervalMs),
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '0',
      },
      body: {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: crypto.randomUUID(),
        policyName: 'TEN_SECONDLY_ROLLING',
      },
    })
  }

  createOutside(properties: FakeFields): string {
    return this.deals.create(asText(properties)).id
  }

  editOutside(id: string, properties: FakeFields): void {
    this.deals.update(id, asText(properties))
  }

  deal(id: string): FakeFields | undefined {
    return this.deals.get(id)?.fields
  }

  close(): Promise<void> {
    return this.server.close()
  }

  private handle(request: FakeRequest): FakeAnswer {
    if (bearerOf(request) !== this.options.accessToken) {
      return failure(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      )
    }
    const path = request.url.pathname
    if (path === `${root}/search` && request.method === 'POST') return this.search(request)
    if (path === root && request.method === 'POST') return this.create(request)
    const id = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined
    if (id !== undefined && request.method === 'GET') {
      const deal = this.deals.get(id)
      const asked = request.url.searchParams.get('properties')?.split(',') ?? shownByDefault
      return deal ? { status: 200, body: this.object(deal, asked) } : notFound(id)
    }
    if (id !== undefined && request.method === 'PATCH') return this.update(id, request)
    return failure(404, 'OBJECT_NOT_FOUND', `No route for ${request.method} ${path}`)
  }

  private create(request: FakeRequest): FakeAnswer {
    const written = this.properties(request)
    if ('status' in written) return written
    const deal = this.deals.create(written.properties)
    return { status: 201, body: this.object(deal, Object.keys(written.properties)) }
  }

  private update(id: string, request: FakeRequest): FakeAnswer {
    if (!this.deals.get(id)) return notFound(id)
    const written = this.properties(request)
    if ('status' in written) return written
    const deal = this.deals.update(id, written.properties)
    return { status: 200, body: this.object(deal, Object.keys(written.properties)) }
  }

  private properties(request: FakeRequest): { properties: FakeFields } | FakeAnswer {
    const body = jsonOf(request) as { properties?: unknown } | undefined
    const properties = body?.properties
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
      return failure(400, 'VALIDATION_ERROR', 'Invalid input JSON: the body needs a "properties" object.')
    }
    const unknown = Object.keys(properties).filter((name) => !dealProperties.includes(name))
    if (unknown.length) {
      const details = unknown.map((name) => ({
        isValid: false,
        message: `Property "${name}" does not exist`,
        error: 'PROPERTY_DOESNT_EXIST',
        name,
      }))
      return failure(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(details)}`)
    }
    return { properties: asText(properties as FakeFields) }
  }

  private search(request: FakeRequest): FakeAnswer {
    const body = (jsonOf(request) ?? {}) as SearchBody
    const limit = body.limit ?? 10
    if (limit > 200) return failure(400, 'VALIDATION_ERROR', 'limit must be at most 200')
    const offset = Number(body.after ?? 0)
    if (offset + limit > 10_000) {
      return failure(
        400,
        'VALIDATION_ERROR',
        'The search endpoint returns at most 10,000 results for a query.',
      )
    }
    const groups = body.filterGroups ?? []
    const matching = this.deals
      .all()
      .filter(
        (deal) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(deal, f))),
      )
    const sort = body.sorts?.[0]
    if (sort) {
      const sign = sort.direction === 'DESCENDING' ? -1 : 1
      matching.sort(
        (a, b) => sign * Math.sign(comparable(a, sort.propertyName) - comparable(b, sort.propertyName)),
      )
    }
    const page = matching.slice(offset, offset + limit)
    const asked = body.properties ?? shownByDefault
    const next =
      offset + limit < matching.length ? { paging: { next: { after: String(offset + limit) } } } : {}
    return {
      status: 200,
      body: { total: matching.length, results: page.map((deal) => this.object(deal, asked)), ...next },
    }
  }

  private object(deal: FakeRecord, asked: readonly string[]): FakeFields {
    const system: FakeFields = {
      hs_lastmodifieddate: new Date(deal.modifiedAt).toISOString(),
      createdate: new Date(deal.createdAt).toISOString(),
      hs_object_id: deal.id,
    }
    const properties: FakeFields = {}
    for (const name of new Set([...asked, ...readOnly])) {
      if (dealProperties.includes(name) || name in system)
        properties[name] = system[name] ?? deal.fields[name] ?? null
    }
    return {
      id: deal.id,
      properties,
      createdAt: new Date(deal.createdAt).toISOString(),
      updatedAt: new Date(deal.modifiedAt).toISOString(),
      archived: false,
    }
  }
}

function matches(
  deal: FakeRecord,
  filter: { propertyName: string; operator: string; value?: string },
): boolean {
  if (filter.operator === 'EQ') return (deal.fields[filter.propertyName] ?? '') === filter.value
  const held = comparable(deal, filter.propertyName)
  const wanted = /^[0-9]+$/.test(filter.value ?? '') ? Number(filter.value) : Date.parse(filter.value ?? '')
  if (filter.operator === 'GTE') return held >= wanted
  if (filter.operator === 'LT') return held < wanted
  throw new Error(`the fake does not support operator ${filter.operator}`)
}

/** A property as a number for sorting and range filters (date-times as epoch ms). */
function comparable(deal: FakeRecord, name: string): number {
  if (name === 'hs_lastmodifieddate') return deal.modifiedAt
  if (name === 'createdate') return deal.createdAt
  return Number(deal.fields[name] ?? Number.NaN)
}

/** HubSpot keeps every property value as text. */
function asText(properties: FakeFields): FakeFields {
  return Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, v === null ? '' : String(v as string | number | boolean)]),
  )
}

function notFound(id: string): FakeAnswer {
  return {
    status: 404,
    body: {
      status: 'error',
      message: 'Object not found.  objectId are usually numeric.',
      correlationId: crypto.randomUUID(),
      context: { id: [id] },
      category: 'OBJECT_NOT_FOUND',
    },
  }
}

function failure(status: number, category: string, message: string): FakeAnswer {
  return { status, body: { status: 'error', message, correlationId: crypto.randomUUID(), category } }
}
