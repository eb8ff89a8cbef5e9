// The numbered choices of Partner Center's co-sell CSV. The API keeps a reason as free text
// (`statusReason`) and the help wanted as `inviteContext.assistanceRequestCode`; the file writes a
// number for each.
import { declineReasons } from '../domain/microsoft/policy.js'

/** For substatus Declined or Lost, numbered from 1: the reasons Microsoft's side declines with, and two more. */
export const declinedOrLostReasons = [
  ...declineReasons,
  'Report as abuse, spam, or phishing',
  'Others',
] as const

/** For substatus Error, numbered from 1. */
export const errorReasons = [
  'Duplicate - created through bulk upload',
  'Duplicate - created in Partner Center',
  'Duplicate - sent by Microsoft',
  'Connector data sync issues',
  'Customer matching issues',
  'Solution issues',
  'Test referral',
  'Data error',
  'Others',
] as const

/** "What specific help from Microsoft?", numbered from 1, as assistanceRequestCode values. */
export const helpNeeded = [
  'WorkloadSpecificValueProposition',
  'CustomerTechnicalArchitecture',
  'ProofOfConceptOrDemo',
  'QuotesOrLicensing',
  'PostSalesCustomerSuccess',
  'GeneralOrOther',
] as const

/** The reasons a substatus is numbered against, or undefined when it takes none. */
export function reasonsFor(substatus: string): readonly string[] | undefined {
  if (substatus === 'Declined' || substatus === 'Lost') return declinedOrLostReasons
  if (substatus === 'Error') return errorReasons
  return undefined
}

/** A reason as the file writes it: its number when it is one of the substatus's, else the text. */
export function reasonCell(substatus: string, statusReason: string | null): string {
  if (statusReason === null) return ''
  const index = reasonsFor(substatus)?.indexOf(statusReason) ?? -1
  return index >= 0 ? String(index + 1) : statusReason
}

/** A reason cell read back: a number becomes the substatus's reason text; other text stays as it is. */
export function reasonText(substatus: string, cell: string): { value: string | null } | { problem: string } {
  const text = cell.trim()
  if (text === '') return { value: null }
  if (!/^\d+$/.test(text)) return { value: text }
  const reasons = reasonsFor(substatus)
  if (!reasons)
    return { problem: `a reason number needs substatus Declined, Lost or Error (substatus is ${substatus})` }
  const reason = reasons[Number(text) - 1]
  if (reason === undefined)
    return { problem: `for substatus ${substatus}, the reason is a number from 1 to ${reasons.length}` }
  return { value: reason }
}
