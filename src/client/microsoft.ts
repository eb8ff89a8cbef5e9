// The Microsoft side of the sandbox (a cosell extension under /_cosell/microsoft).
import type { MicrosoftPolicy } from '../domain/microsoft/policy.js'
import type { Member, Referral } from '../domain/referral/schema.js'
import type { HttpClient } from './client.js'
import {
  listQuery,
  type JsonPatchOperation,
  type ListOptions,
  type ReferralCreate,
  type ReferralPage,
} from './referrals.js'

export type MicrosoftAction =
  | { readonly action: 'accept' }
  | { readonly action: 'decline'; readonly statusReason: string }
  | { readonly action: 'close'; readonly outcome: 'Won' | 'Lost'; readonly statusReason?: string }
  | { readonly action: 'addTeamMember'; readonly member: Partial<Member> }
  | { readonly action: 'update'; readonly operations: readonly JsonPatchOperation[] }

export interface LeadRequest {
  readonly organizationId: string
  readonly kind?: 'qualifiedLead' | 'marketplaceLead' | 'coSellInvitation'
  readonly referral: ReferralCreate
  readonly referralSource?: string
  readonly callToAction?: string
}

export class MicrosoftApi {
  constructor(private readonly http: HttpClient) {}

  async referrals(options: ListOptions = {}): Promise<ReferralPage> {
    return (
      await this.http.request<ReferralPage>('GET', '/_cosell/microsoft/referrals', {
        query: listQuery(options),
      })
    ).body
  }

  async act(referralId: string, { action, ...body }: MicrosoftAction): Promise<Referral> {
    const path = `/_cosell/microsoft/referrals/${encodeURIComponent(referralId)}/${action}`
    return (await this.http.request<Referral>('POST', path, { body })).body
  }

  async sendLead(lead: LeadRequest): Promise<{ referral: Referral; microsoftReferral?: Referral }> {
    return (
      await this.http.request<{ referral: Referral; microsoftReferral?: Referral }>(
        'POST',
        '/_cosell/microsoft/leads',
        { body: lead },
      )
    ).body
  }

  async policy(): Promise<MicrosoftPolicy> {
    return (await this.http.request<MicrosoftPolicy>('GET', '/_cosell/microsoft/policy')).body
  }

  async savePolicy(change: Partial<MicrosoftPolicy>): Promise<MicrosoftPolicy> {
    return (await this.http.request<MicrosoftPolicy>('PUT', '/_cosell/microsoft/policy', { body: change }))
      .body
  }

  async runPolicy(): Promise<{ accepted: number; declined: number; closed: number }> {
    return (
      await this.http.request<{ accepted: number; declined: number; closed: number }>(
        'POST',
        '/_cosell/microsoft/policy/run',
      )
    ).body
  }
}
