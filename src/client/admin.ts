// The sandbox controls of the admin API (cosell extensions under /_cosell): the virtual clock,
// reset, named snapshots and sample data.
import type { SandboxCounts, SnapshotInfo } from '../domain/sandbox/snapshot.js'
import type { SeedRequest, SeedResult } from '../domain/sandbox/seed.js'
import type { ClockView } from '../domain/time/virtual-time.js'
import type { HttpClient } from './client.js'

export type { ClockView, SandboxCounts, SeedRequest, SeedResult, SnapshotInfo }

/** One change of the clock: advance by an ISO-8601 duration, set to an instant, freeze or resume. */
export type ClockChange =
  | { readonly advance: string }
  | { readonly set: string }
  | { readonly freeze: true }
  | { readonly resume: true }

/** The clock after a change, and what followed as time moved. */
export interface ClockChanged extends ClockView {
  /** Incoming referrals that became Closed/Expired. */
  readonly expired: number
  /** What Microsoft's scripted policy did. */
  readonly microsoft: { readonly accepted: number; readonly declined: number; readonly closed: number }
}

export interface ResetResult {
  readonly removed: SandboxCounts
  readonly clock: ClockView
}

export class AdminApi {
  constructor(private readonly http: HttpClient) {}

  async clock(): Promise<ClockView> {
    return (await this.http.request<ClockView>('GET', '/_cosell/clock')).body
  }

  async changeClock(change: ClockChange): Promise<ClockChanged> {
    return (await this.http.request<ClockChanged>('POST', '/_cosell/clock', { body: change })).body
  }

  /** Removes every referral, organisation and user; the clock goes back to wall time. */
  async reset(): Promise<ResetResult> {
    return (await this.http.request<ResetResult>('POST', '/_cosell/reset', { body: {} })).body
  }

  async saveSnapshot(name: string): Promise<SnapshotInfo> {
    return (await this.http.request<SnapshotInfo>('PUT', snapshotPath(name))).body
  }

  async snapshots(): Promise<SnapshotInfo[]> {
    return (await this.http.request<{ value: SnapshotInfo[] }>('GET', '/_cosell/snapshots')).body.value
  }

  async restoreSnapshot(name: string): Promise<SnapshotInfo> {
    return (await this.http.request<SnapshotInfo>('POST', `${snapshotPath(name)}/restore`, { body: {} })).body
  }

  async deleteSnapshot(name: string): Promise<void> {
    await this.http.request<undefined>('DELETE', snapshotPath(name))
  }

  /** Realistic sample referrals for an organisation; the same seed gives the same referrals. */
  async seed(request: SeedRequest): Promise<SeedResult> {
    return (await this.http.request<SeedResult>('POST', '/_cosell/seed', { body: request })).body
  }
}

function snapshotPath(name: string): string {
  return `/_cosell/snapshots/${encodeURIComponent(name)}`
}
