// Typed methods for the Referrals API (the documented endpoints).
import type { Referral } from '../domain/referral/schema.js'
import type { HttpClient } from './client.js'

export type { Referral }

/** OData options of a list request (the documented list). */
export interface ListOptions {
  readonly $filter?: string
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

const root = '/v1.0/engagements/referrals'

export class ReferralsApi {
  constructor(private readonly http: HttpClient) {}

  async list(options: ListOptions = {}): Promise<ReferralPage> {
    return (await this.http.request<ReferralPage>('GET', root, { query: { ...options } })).body
  }

  /** Every referral the options select, following `@odata.nextLink` page by page. */
  async *all(options: ListOptions = {}): AsyncGenerator<Referral> {
    let page = await this.list(options)
    for (;;) {
      yield* page.value
      const next = page['@odata.nextLink']
      if (!next) return
      page = (await this.http.request<ReferralPage>('GET', next)).body
    }
  }

  /** The referrals of an engagement, as `links.relatedReferrals` lists them. */
  async related(referral: Pick<Referral, 'links' | 'engagementId'>): Promise<Referral[]> {
    const uri = referral.links?.relatedReferrals.uri
    if (uri) return (await this.http.request<ReferralPage>('GET', uri)).body.value
    return (await this.list({ $filter: `engagementId eq ${referral.engagementId}` })).value
  }

  async get(id: string): Promise<Referral> {
    return (await this.http.request<Referral>('GET', `${root}/${encodeURIComponent(id)}`)).body
  }

  async create(body: object): Promise<Referral> {
    return (await this.http.request<Referral>('POST', root, { body })).body
  }

  /** JSON Patch; returns the updated referral (`Prefer: return=representation`). */
  async update(
    id: string,
    operations: readonly JsonPatchOperation[],
    options: { ifMatch?: string } = {},
  ): Promise<Referral> {
    const headers: Record<string, string> = { prefer: 'return=representation' }
    if (options.ifMatch) headers['if-match'] = options.ifMatch
    return (
      await this.http.request<Referral>('PATCH', `${root}/${encodeURIComponent(id)}`, {
        body: operations,
        headers,
      })
    ).body
  }

  /** PUT (obsolete but supported); `ifMatch` is required. */
  async replace(id: string, body: object, ifMatch: string): Promise<Referral> {
    const headers = { 'if-match': ifMatch }
    return (await this.http.request<Referral>('PUT', `${root}/${encodeURIComponent(id)}`, { body, headers }))
      .body
  }

  /** Co-sell step 2 (the documented create): invites Microsoft into the referral's engagement. */
  async inviteMicrosoft(
    referral: Pick<Referral, 'engagementId'>,
    invite: { notes?: string; assistanceRequestCode?: string } = {},
  ): Promise<Referral> {
    return this.create({
      engagementId: referral.engagementId,
      target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
      inviteContext: {
        notes: invite.notes ?? null,
        assistanceRequestCode: invite.assistanceRequestCode ?? 'Unknown',
      },
    })
  }
}
