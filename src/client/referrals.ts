// Typed methods for the Referrals API (the documented endpoints: list, get, create, PATCH, PUT).
import type { clientWritableFields } from '../domain/referral/referral-input.js'
import type { Referral } from '../domain/referral/schema.js'
import type { HttpClient, RequestOptions } from './client.js'
import { ApiError } from './errors.js'
import type { Filter } from './filter.js'
import { diffReferral } from './referral-diff.js'

export type { Referral }

/** Every field optional, at every depth: what a client may leave out of a body. */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? readonly DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/** The fields a client writes in a create or PUT body; server-owned fields are ignored if sent. */
export type ReferralBody = { [K in (typeof clientWritableFields)[number]]?: DeepPartial<Referral[K]> }

/** A create body: a new engagement, or `engagementId` with a `target` to invite into an existing one. */
export type ReferralCreate = ReferralBody & { readonly engagementId?: string }

type AssistanceRequestCode = Referral['inviteContext']['assistanceRequestCode']

/** OData options of a list request (the documented list). */
export interface ListOptions {
  /** A `$filter` expression: text, or a Filter built with `filter` (see filter.ts). */
  readonly $filter?: string | Filter
  readonly $orderby?: string
  readonly $select?: string
  readonly $top?: number
  readonly $skip?: number
}

export interface ReferralPage {
  readonly '@odata.context': string
  readonly '@odata.count': number
  readonly value: Referral[]
  readonly '@odata.nextLink'?: string
}

export interface JsonPatchOperation {
  readonly op: 'replace' | 'add'
  readonly path: string
  readonly value: unknown
}

/** What `update` asks of a change: JSON Patch operations, or the referral as it should be. */
export type ReferralChange = (
  current: Referral,
) => readonly JsonPatchOperation[] | Referral | Promise<readonly JsonPatchOperation[] | Referral>

export interface UpdateOptions {
  /** Read-change-write rounds in all before a 412 is thrown. Default 10. */
  readonly maxAttempts?: number
}

const root = '/v1.0/engagements/referrals'
const referralPath = (id: string) => `${root}/${encodeURIComponent(id)}`

export class ReferralsApi {
  constructor(private readonly http: HttpClient) {}

  /** One page (at most 100) of the caller's referrals, with `@odata.nextLink` when more remain. */
  async list(options: ListOptions = {}): Promise<ReferralPage> {
    return (await this.http.request<ReferralPage>('GET', root, { query: listQuery(options) })).body
  }

  /** The page an `@odata.nextLink` names. */
  async next(nextLink: string): Promise<ReferralPage> {
    return (await this.http.request<ReferralPage>('GET', nextLink)).body
  }

  /** Every referral the options select, following `@odata.nextLink` page by page. */
  async *all(options: ListOptions = {}): AsyncGenerator<Referral> {
    let page = await this.list(options)
    for (;;) {
      yield* page.value
      const next = page['@odata.nextLink']
      if (!next) return
      page = await this.next(next)
    }
  }

  /** The referrals of an engagement, as `links.relatedReferrals` lists them. */
  async related(referral: Pick<Referral, 'links' | 'engagementId'>): Promise<Referral[]> {
    const uri = referral.links?.relatedReferrals.uri
    if (uri) return (await this.http.request<ReferralPage>('GET', uri)).body.value
    return (await this.list({ $filter: `engagementId eq ${referral.engagementId}` })).value
  }

  async get(id: string): Promise<Referral> {
    return (await this.http.request<Referral>('GET', referralPath(id))).body
  }

  async create(body: ReferralCreate): Promise<Referral> {
    return (await this.http.request<Referral>('POST', root, { body })).body
  }

  /**
   * One JSON Patch request; returns the updated referral (`Prefer: return=representation`). With
   * `ifMatch` a referral changed since that eTag answers 412 (ApiError `preconditionFailed`).
   */
  async patch(
    id: string,
    operations: readonly JsonPatchOperation[],
    options: { ifMatch?: string } & Pick<RequestOptions, 'correlationId' | 'signal'> = {},
  ): Promise<Referral> {
    const { ifMatch, ...call } = options
    const headers: Record<string, string> = { prefer: 'return=representation' }
    if (ifMatch) headers['if-match'] = ifMatch
    return (
      await this.http.request<Referral>('PATCH', referralPath(id), { ...call, body: operations, headers })
    ).body
  }

  /**
   * Read → change → PATCH with If-Match, again from a fresh read when someone else changed the
   * referral in between (412), up to `maxAttempts` rounds. `change` may run more than once, so it
   * should only compute. A change giving no operations (or an unchanged referral) sends nothing.
   */
  async update(id: string, change: ReferralChange, options: UpdateOptions = {}): Promise<Referral> {
    if (typeof change !== 'function') {
      throw new TypeError(
        'update(id, change) takes a function; send operations as given with patch(id, operations)',
      )
    }
    const maxAttempts = options.maxAttempts ?? 10
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id)
      const changed = await change(structuredClone(current))
      const operations = isOperations(changed) ? changed : diffReferral(current, changed)
      if (operations.length === 0) return current
      try {
        return await this.patch(id, operations, { ifMatch: current.eTag })
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412) || attempt >= maxAttempts) throw error
      }
    }
  }

  /** PUT (obsolete in Microsoft's documentation but supported): the whole referral; `ifMatch` is required. */
  async replace(id: string, body: ReferralBody | Referral, ifMatch: string): Promise<Referral> {
    const headers = { 'if-match': ifMatch }
    return (await this.http.request<Referral>('PUT', referralPath(id), { body, headers })).body
  }

  /** Co-sell step 2 (the documented create): invites Microsoft into the referral's engagement. */
  async inviteMicrosoft(
    referral: Pick<Referral, 'engagementId'>,
    // documented codes autocomplete; the server judges any other text
    invite: {
      notes?: string
      assistanceRequestCode?: AssistanceRequestCode | (string & Record<never, never>)
    } = {},
  ): Promise<Referral> {
    return this.create({
      engagementId: referral.engagementId,
      target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
      inviteContext: {
        notes: invite.notes ?? null,
        assistanceRequestCode: (invite.assistanceRequestCode ?? 'Unknown') as AssistanceRequestCode,
      },
    })
  }
}

/** The query parameters of a list request. */
export function listQuery(options: ListOptions): Readonly<Record<string, string | number | undefined>> {
  return { ...options, $filter: options.$filter?.toString() }
}

function isOperations(
  value: readonly JsonPatchOperation[] | Referral,
): value is readonly JsonPatchOperation[] {
  return Array.isArray(value)
}
