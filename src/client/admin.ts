// The admin API (cosell extensions under /_cosell): the directory of organisations and users,
// the sandbox controls (the virtual clock, reset, named snapshots and sample data), fault rules,
// throttling, and the request journal with its client report.
import type { FaultRuleInput, FaultRuleView } from '../domain/fault/fault-rule.js'
import type { ClientFindings, ClientReport } from '../domain/journal/client-report.js'
import type { Finding } from '../domain/journal/finding.js'
import type { JournalEntryView } from '../domain/journal/journal-entry.js'
import type { Organization, Role, User } from '../domain/organization/organization.js'
import type { SandboxCounts, SnapshotInfo } from '../domain/sandbox/snapshot.js'
import type { SeedRequest, SeedResult } from '../domain/sandbox/seed.js'
import type { ClockView } from '../domain/time/virtual-time.js'
import type { ThrottleProfile } from '../domain/throttle/throttle-profile.js'
import type { OrganizationChange, UserChange } from '../domain/organization/directory-change.js'
import type { TenantThrottle, ThrottleSettings } from '../domain/throttle/throttle-settings.js'
import type { JournalPage } from '../service/read-journal.js'
import type { HttpClient } from './client.js'
import type { DeliveryListOptions, WebhookDelivery, WebhookRegistration } from './webhooks.js'

export type {
  ClientFindings,
  ClientReport,
  ClockView,
  FaultRuleInput,
  FaultRuleView,
  Finding,
  JournalEntryView as JournalEntry,
  JournalPage,
  Organization,
  OrganizationChange,
  Role,
  SandboxCounts,
  SeedRequest,
  SeedResult,
  SnapshotInfo,
  TenantThrottle,
  ThrottleProfile,
  ThrottleSettings,
  User,
  UserChange,
}

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

  /** Every organisation, Microsoft's (`msft`) included. */
  async organizations(): Promise<Organization[]> {
    return (await this.http.request<{ value: Organization[] }>('GET', '/_cosell/organizations')).body.value
  }

  async organization(id: string): Promise<Organization> {
    return (await this.http.request<Organization>('GET', organizationPath(id))).body
  }

  /**
   * Creates the organisation or changes the fields given. A domain another organisation verified
   * is a 409 (`resourceModified`, target `domains`); a name that is not a domain a 400.
   */
  async saveOrganization(id: string, change: OrganizationChange): Promise<Organization> {
    return (await this.http.request<Organization>('PUT', organizationPath(id), { body: change })).body
  }

  async users(organizationId: string): Promise<User[]> {
    const path = `${organizationPath(organizationId)}/users`
    return (await this.http.request<{ value: User[] }>('GET', path)).body.value
  }

  async user(organizationId: string, email: string): Promise<User> {
    return (await this.http.request<User>('GET', userPath(organizationId, email))).body
  }

  /** Adds the user to the organisation or changes their name or role; the organisation must exist. */
  async saveUser(organizationId: string, email: string, change: UserChange): Promise<User> {
    return (await this.http.request<User>('PUT', userPath(organizationId, email), { body: change })).body
  }

  async deleteUser(organizationId: string, email: string): Promise<void> {
    await this.http.request<undefined>('DELETE', userPath(organizationId, email))
  }

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

  /** The public API's default throttle profile and every tenant's override. */
  async throttling(): Promise<ThrottleSettings> {
    return (await this.http.request<ThrottleSettings>('GET', '/_cosell/throttling')).body
  }

  /** The profile a tenant's calls are throttled by: its override, or the default. */
  async tenantThrottle(tenantId: string): Promise<TenantThrottle> {
    return (await this.http.request<TenantThrottle>('GET', throttlingPath(tenantId))).body
  }

  /**
   * Gives the tenant a profile of its own from its next call, e.g. `{ profile: 'connector' }` or
   * `{ profile: 'custom', read: { limit: 100, periodSeconds: 60 }, write: { limit: 20, periodSeconds: 60 } }`.
   */
  async setTenantThrottle(tenantId: string, profile: ThrottleProfile): Promise<TenantThrottle> {
    return (await this.http.request<TenantThrottle>('PUT', throttlingPath(tenantId), { body: profile })).body
  }

  /** Removes the tenant's override (nothing to remove is no error): the default applies again. */
  async clearTenantThrottle(tenantId: string): Promise<void> {
    await this.http.request<undefined>('DELETE', throttlingPath(tenantId))
  }

  /** The tenant's last requests to the public API, newest first (`capacity` 0: the journal is off). */
  async journal(tenant: string, limit?: number): Promise<JournalPage> {
    const query = { tenant, ...(limit === undefined ? {} : { limit }) }
    return (await this.http.request<JournalPage>('GET', '/_cosell/journal', { query })).body
  }

  /** What the tenant's clients do that will hurt them in production, read from its journal. */
  async report(tenant: string): Promise<ClientReport> {
    return (await this.http.request<ClientReport>('GET', '/_cosell/report', { query: { tenant } })).body
  }

  /** Realistic sample referrals for an organisation; the same seed gives the same referrals. */
  async seed(request: SeedRequest): Promise<SeedResult> {
    return (await this.http.request<SeedResult>('POST', '/_cosell/seed', { body: request })).body
  }

  /**
   * Makes the public API misbehave on purpose: matching calls (route, operation, tenant; unset is
   * any) answer a status, wait, or lose their connection. The server keeps rules in memory only.
   */
  async addFault(rule: FaultRuleInput): Promise<FaultRuleView> {
    return (await this.http.request<FaultRuleView>('POST', '/_cosell/faults', { body: rule })).body
  }

  /** Every fault rule, with how often it matched and fired and how many calls remain. */
  async faults(): Promise<FaultRuleView[]> {
    return (await this.http.request<{ value: FaultRuleView[] }>('GET', '/_cosell/faults')).body.value
  }

  async fault(id: string): Promise<FaultRuleView> {
    return (await this.http.request<FaultRuleView>('GET', faultPath(id))).body
  }

  async deleteFault(id: string): Promise<void> {
    await this.http.request<undefined>('DELETE', faultPath(id))
  }

  /** Removes every fault rule; answers how many there were. */
  async clearFaults(): Promise<number> {
    return (await this.http.request<{ removed: number }>('DELETE', '/_cosell/faults')).body.removed
  }

  /** Every tenant's webhook registration. */
  async webhookRegistrations(): Promise<WebhookRegistration[]> {
    return (await this.http.request<WebhookRegistration[]>('GET', '/_cosell/webhooks/registrations')).body
  }

  /** The webhook delivery log, newest first, of one tenant or all. */
  async webhookDeliveries(
    options: DeliveryListOptions & { tenant?: string } = {},
  ): Promise<WebhookDelivery[]> {
    const query = { tenant: options.tenant, status: options.status, $top: options.top }
    return (await this.http.request<WebhookDelivery[]>('GET', '/_cosell/webhooks/deliveries', { query })).body
  }

  /** Sends a delivered or dead webhook delivery again. */
  async redeliverWebhook(id: string): Promise<WebhookDelivery> {
    const path = `/_cosell/webhooks/deliveries/${encodeURIComponent(id)}/redeliver`
    return (await this.http.request<WebhookDelivery>('POST', path)).body
  }
}

function faultPath(id: string): string {
  return `/_cosell/faults/${encodeURIComponent(id)}`
}

function organizationPath(id: string): string {
  return `/_cosell/organizations/${encodeURIComponent(id)}`
}

function userPath(organizationId: string, email: string): string {
  return `${organizationPath(organizationId)}/users/${encodeURIComponent(email)}`
}

function throttlingPath(tenantId: string): string {
  return `/_cosell/throttling/${encodeURIComponent(tenantId)}`
}

function snapshotPath(name: string): string {
  return `/_cosell/snapshots/${encodeURIComponent(name)}`
}
