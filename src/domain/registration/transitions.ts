// The deal-registration review lifecycle as data: which action moves a registration from which
// status to which, and who may take it. docs/lifecycle.md prints it, and the tests check every
// (status, action, actor) against that page, like the referral table in
// ../lifecycle/transitions.ts.
import type { registrationStatuses } from '../referral/enums.js'

export type RegistrationStatus = (typeof registrationStatuses)[number]

/** The partner writes through PATCH; Microsoft reviews (admin API, CLI, policies); the service assesses. */
export type RegistrationActor = 'partner' | 'microsoft' | 'service'

export const registrationActions = [
  'submit',
  'update',
  'approve',
  'requireAction',
  'pass',
  'fail',
  'close',
] as const
export type RegistrationAction = (typeof registrationActions)[number]

export interface ActionRule {
  readonly from: readonly RegistrationStatus[]
  readonly to: RegistrationStatus
  readonly by: readonly RegistrationActor[]
  /** The partner must be told why (ActionRequired: what to fix; Failed: why it failed). */
  readonly needsReason: boolean
}

const open: readonly RegistrationStatus[] = ['ReviewPending', 'Approved', 'ActionRequired']

export const actionRules: Readonly<Record<RegistrationAction, ActionRule>> = {
  submit: { from: ['None'], to: 'ReviewPending', by: ['partner'], needsReason: false },
  // the CSV upload article: a registration is changed only while it waits for review or was sent
  // back
  update: {
    from: ['ReviewPending', 'ActionRequired'],
    to: 'ReviewPending',
    by: ['partner'],
    needsReason: false,
  },
  // Microsoft documents Approved as "auto-approved on initial assessment"; Microsoft may also
  // approve by hand
  approve: { from: ['ReviewPending'], to: 'Approved', by: ['service', 'microsoft'], needsReason: false },
  requireAction: {
    from: ['ReviewPending', 'Approved'],
    to: 'ActionRequired',
    by: ['microsoft'],
    needsReason: true,
  },
  pass: { from: ['ReviewPending', 'Approved'], to: 'Passed', by: ['microsoft'], needsReason: false },
  fail: { from: open, to: 'Failed', by: ['microsoft'], needsReason: true },
  // Closed is terminal; the service closes a registration whose referral is lost
  close: { from: open, to: 'Closed', by: ['microsoft', 'service'], needsReason: false },
}

/** the resource pages, the CSV upload article: nothing changes after these. */
export const terminalStatuses: readonly RegistrationStatus[] = ['Passed', 'Failed', 'Closed']

/** The statusHistory member each status records its time in; Closed and None have none. */
export const historyField = {
  ReviewPending: 'reviewPendingDateTime',
  ActionRequired: 'actionRequiredDateTime',
  Approved: 'approvedDateTime',
  Passed: 'passedDateTime',
  Failed: 'failedDateTime',
} as const satisfies Partial<Record<RegistrationStatus, string>>

export function historyFieldOf(
  status: RegistrationStatus,
): (typeof historyField)[keyof typeof historyField] | undefined {
  return status in historyField ? historyField[status as keyof typeof historyField] : undefined
}
