// Which JSON Patch paths a client may write (the documented PATCH): the connector's 18 paths, the
// other user-writable fields, and anything below them. Everything else is the service's or
// read-only after creation, and each gets its own explanation. Deal-registration paths
// (CreateDealRegistrationByReferralId and PatchDealRegistrationByReferralId) have rules of their
// own, in registration-paths.ts.
import { judgeRegistrationPath } from './registration-paths.js'

/** Writable subtrees, as canonical segment lists joined by '/'. */
export const writablePaths = [
  'name',
  'externalReferenceId',
  'campaignId',
  'referralProgram',
  'salesStage',
  'status',
  'substatus',
  'statusReason',
  'favorite',
  'team',
  'target',
  'customerProfile/team',
  'customerProfile/size',
  'consent/consentToShareReferralWithMicrosoftSellers',
  'details/notes',
  'details/dealValue',
  'details/currency',
  'details/closingDateTime',
  'details/customerRequestedContact',
  'details/customerAction',
  'details/requirements',
  'inviteContext/notes',
  'inviteContext/assistanceRequestCode',
] as const

/** Fixed once the referral exists (the documented create). */
const readOnlyAfterCreation = [
  'customerProfile',
  'consent',
  'inviteContext',
  'qualification',
  'type',
  'mpnId',
]

export type PathVerdict = { writable: true } | { writable: false; reason: string }

/** `pointer` is the path as the client sent it, shown in deal-registration verdicts (it has indices). */
export function judgePath(segments: readonly string[], pointer?: string): PathVerdict {
  const path = segments.join('/')
  if (writablePaths.some((w) => path === w || path.startsWith(`${w}/`))) return { writable: true }
  const shown = `/${path}`
  if (segments[0] === 'registrations') return judgeRegistrationPath(segments, pointer)
  if (readOnlyAfterCreation.some((r) => path === r || path.startsWith(`${r}/`))) {
    return { writable: false, reason: `${shown} is read-only after the referral is created.` }
  }
  return { writable: false, reason: `${shown} is set by the service and cannot be changed.` }
}
