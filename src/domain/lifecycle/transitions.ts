// Status and substatus rules of the referral lifecycle as data. docs/lifecycle.md prints them
// pair by pair, and the tests check every pair against that page.
import type { ReferralStatus, ReferralSubstatus } from '../referral/enums.js'

export interface StatusRule {
  /** Statuses a referral in this status may move to. */
  readonly next: readonly ReferralStatus[]
  /** Substatuses allowed together with this status. */
  readonly substatuses: readonly ReferralSubstatus[]
}

export const statusRules: Readonly<Record<ReferralStatus, StatusRule>> = {
  None: { next: [], substatuses: ['None'] },
  New: { next: ['New', 'Active', 'Closed'], substatuses: ['Pending', 'Received'] },
  Active: { next: ['Active', 'Closed'], substatuses: ['Accepted'] },
  Closed: { next: ['Closed'], substatuses: ['Won', 'Lost', 'Declined', 'Expired', 'Error'] },
}

/** The portal and CSV require a reason for these outcomes (docs/lifecycle.md). */
export const substatusesNeedingReason: readonly ReferralSubstatus[] = ['Lost', 'Declined', 'Error']

/** Only the service sets these: an incoming referral expires when its 14 days pass (docs/lifecycle.md). */
export const serviceOnlySubstatuses: readonly ReferralSubstatus[] = ['Expired']
