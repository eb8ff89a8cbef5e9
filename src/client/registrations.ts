// Deal registrations (docs/deal-registrations.md): created and changed as the connector does,
// through a PATCH of the referral; Microsoft's review, the review policy and eligibility are cosell
// extensions (/_cosell).
import type { Registration } from '../domain/referral/registration-schema.js'
import type { EligibilityPolicy } from '../domain/registration/eligibility.js'
import type { ReviewPolicy } from '../domain/registration/review-policy.js'
import type { HttpClient } from './client.js'
import type { DeepPartial, JsonPatchOperation, Referral } from './referrals.js'

export type { Registration }

export type ReviewAction = 'approve' | 'pass' | 'fail' | 'requireAction' | 'close'

const referralUrl = (id: string) => `/v1.0/engagements/referrals/${encodeURIComponent(id)}`

export class RegistrationsApi {
  constructor(private readonly http: HttpClient) {}

  /**
   * `add /registrations/-` (the connector's CreateDealRegistrationByReferralId); the updated referral.
   * With `ifMatch` a referral changed since that eTag answers 412 (ApiError `preconditionFailed`).
   */
  async create(
    referralId: string,
    registration: DeepPartial<Registration>,
    options: { ifMatch?: string } = {},
  ): Promise<Referral> {
    const operations = [{ op: 'add', path: '/registrations/-', value: registration }] as const
    return this.patch(referralId, operations, options.ifMatch)
  }

  /** `replace` operations on /registrations/0/… (PatchDealRegistrationByReferralId). */
  async update(referralId: string, operations: readonly JsonPatchOperation[]): Promise<Referral> {
    return this.patch(referralId, operations)
  }

  async eligibility(referralId: string): Promise<EligibilityPolicy> {
    const path = `/_cosell/referrals/${encodeURIComponent(referralId)}/dealRegistrationEligibility`
    return (await this.http.request<EligibilityPolicy>('GET', path)).body
  }

  /** Microsoft's review (admin API). */
  async review(referralId: string, action: ReviewAction, statusReason?: string): Promise<Referral> {
    const path = `/_cosell/referrals/${encodeURIComponent(referralId)}/registration/review`
    const body = { action, ...(statusReason === undefined ? {} : { statusReason }) }
    return (await this.http.request<Referral>('POST', path, { body })).body
  }

  async policy(): Promise<ReviewPolicy> {
    return (await this.http.request<ReviewPolicy>('GET', '/_cosell/registrations/review-policy')).body
  }

  async setPolicy(policy: DeepPartial<ReviewPolicy>): Promise<{ policy: ReviewPolicy; reviewed: number }> {
    const path = '/_cosell/registrations/review-policy'
    return (
      await this.http.request<{ policy: ReviewPolicy; reviewed: number }>('PUT', path, { body: policy })
    ).body
  }

  async runPolicy(): Promise<{ reviewed: number }> {
    return (await this.http.request<{ reviewed: number }>('POST', '/_cosell/registrations/review-policy/run'))
      .body
  }

  private async patch(
    referralId: string,
    operations: readonly JsonPatchOperation[],
    ifMatch?: string,
  ): Promise<Referral> {
    const headers = { prefer: 'return=representation', ...(ifMatch ? { 'if-match': ifMatch } : {}) }
    return (
      await this.http.request<Referral>('PATCH', referralUrl(referralId), { body: operations, headers })
    ).body
  }
}
