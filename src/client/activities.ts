// The activity history (docs/changes.md), a cosell extension under /_cosell read with the partner's
// token: one referral's changes, or the organisation's feed, newest first, paged by nextLink.
import type { ChangeChannel, ChangeRecord } from '../domain/change/change-record.js'
import type { HttpClient } from './client.js'

export type { ChangeChannel, ChangeRecord }

export interface ActivityOptions {
  /** Records a page (1–200, default 50). */
  readonly $top?: number
  readonly channel?: ChangeChannel
  readonly actor?: string
  /** At or after this instant (ISO 8601). */
  readonly since?: string
  /** Before this instant (ISO 8601). */
  readonly until?: string
  /** The feed only: this referral's changes. */
  readonly referralId?: string
}

export interface ActivityPage {
  readonly value: ChangeRecord[]
  readonly '@odata.nextLink'?: string
}

export class ActivitiesApi {
  constructor(private readonly http: HttpClient) {}

  /** One page of a referral's changes, newest first. */
  async ofReferral(referralId: string, options: ActivityOptions = {}): Promise<ActivityPage> {
    const path = `/_cosell/referrals/${encodeURIComponent(referralId)}/activities`
    return (await this.http.request<ActivityPage>('GET', path, { query: { ...options } })).body
  }

  /** One page of the organisation's feed (Referral Admins), newest first. */
  async feed(options: ActivityOptions = {}): Promise<ActivityPage> {
    return (await this.http.request<ActivityPage>('GET', '/_cosell/activities', { query: { ...options } }))
      .body
  }

  /** The page a nextLink names. */
  async next(nextLink: string): Promise<ActivityPage> {
    return (await this.http.request<ActivityPage>('GET', nextLink)).body
  }
}
