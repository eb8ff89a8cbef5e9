// Who wins a field both sides changed since they last agreed, by the field's policy.
import type { ConflictPolicy } from './mapping/mapping-schema.js'

export type Winner = 'referral' | 'crm' | 'hold'

export function conflictWinner(
  policy: ConflictPolicy,
  referralChangedAt: string,
  crmChangedAt: string,
): Winner {
  switch (policy) {
    case 'referral':
    case 'crm':
    case 'hold':
      return policy
    case 'newest':
      // the CRM wins a tie: it is where people type
      return Date.parse(referralChangedAt) > Date.parse(crmChangedAt) ? 'referral' : 'crm'
  }
}
