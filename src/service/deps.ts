// Everything a referral use case needs, passed explicitly.
import type { ChangeChannel } from '../domain/change/change-record.js'
import type { RuleOptions } from '../domain/referral/rules.js'
import type { Organization, Role } from '../domain/organization/organization.js'
import type { ReferralStore } from '../store/referral-store.js'
import type { Clock, Ids } from './ports.js'

export interface ServiceDeps {
  readonly store: ReferralStore
  readonly clock: Clock
  readonly ids: Ids
  readonly rules: RuleOptions
}

/** Who is calling: the organisation a token names, the user in it, and the user's role. */
export interface Caller {
  readonly organization: Organization
  readonly user: string
  /** The user's email (upn), lower-cased: what `team[].email` is matched against. */
  readonly email: string
  readonly role: Role
  /** Through what the call came, for the change record; `api` when absent. */
  readonly channel?: ChangeChannel
  /** The request carrying the call, for the change record. */
  readonly requestId?: string
}
