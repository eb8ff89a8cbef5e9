// The columns of Partner Center's co-sell CSV, in its order, each with the referral field it
// carries: `read` fills the cell on export, `write` puts the cell into a referral on import.
// Columns without `write` are read-only (or not part of a referral) and ignored on import.
import type { Referral } from '../domain/referral/schema.js'
import {
  CellProblem,
  cellOf,
  dateCell,
  dateOrNull,
  numberOrNull,
  textOrNull,
  yesNo,
  yesNoCell,
  type Cells,
} from './cells.js'
import { helpNeeded, reasonCell, reasonText } from './reasons.js'

export interface Column {
  readonly header: string
  /** The API field, as a dotted path; '' for a column that is not part of a referral. */
  readonly field: string
  readonly read: (r: Referral) => string
  /** Puts the cell into `draft`; throws CellProblem. `cells` are the whole row. */
  readonly write?: (draft: Referral, cell: string, cells: Cells) => void
}

const empty = () => ''

const text =
  (field: string, get: (r: Referral) => string | null, set: (r: Referral, v: string | null) => void) =>
  (header: string): Column => ({
    header,
    field,
    read: (r) => cellOf(get(r)),
    write: (r, cell) => set(r, textOrNull(cell)),
  })

const readOnly = (header: string, field: string, read: (r: Referral) => string): Column => ({
  header,
  field,
  read,
})

const notInApi = (header: string): Column => ({ header, field: '', read: empty })

/** Customer contact: the first of `customerProfile.team`. */
const contact = (key: 'firstName' | 'lastName' | 'phoneNumber' | 'email') =>
  text(
    `customerProfile.team[0].${key}`,
    (r) => r.customerProfile.team[0]?.[key] ?? null,
    (r, v) => {
      const team = r.customerProfile.team
      if (team.length === 0) {
        if (v === null) return
        team.push(blankMember())
      }
      team[0]![key] = v
    },
  )

export function blankMember(): Referral['team'][number] {
  return {
    firstName: null,
    lastName: null,
    phoneNumber: null,
    email: null,
    title: null,
    contactPreference: { locale: null, disableNotifications: null },
  }
}

const iot = (r: Referral) => r.details.requirements.additionalRequirements.iot
const attributes = (r: Referral) => r.details.requirements.additionalRequirements.attributes
const intents = { Yes: 'Yes', No: 'No', HaveNotDecided: 'Have not decided' } as const

function marketplaceIntent(r: Referral): string {
  const id = attributes(r).find((a) => a.type === 'CustomerMarketplaceIntent')?.id
  return id === undefined ? '' : (intents[id as keyof typeof intents] ?? id)
}

function writeMarketplaceIntent(r: Referral, cell: string): void {
  const wanted = cell.trim().toLowerCase().replaceAll(' ', '')
  const kept = attributes(r).filter((a) => a.type !== 'CustomerMarketplaceIntent')
  const id = Object.keys(intents).find((key) => key.toLowerCase() === wanted)
  if (wanted !== '' && id === undefined)
    throw new CellProblem(`'${cell.trim()}' is not one of: Yes, No, Have not decided`)
  r.details.requirements.additionalRequirements.attributes =
    id === undefined ? kept : [...kept, { id, type: 'CustomerMarketplaceIntent' }]
}

function writeDuns(r: Referral, cell: string): void {
  const id = textOrNull(cell)
  const others = r.customerProfile.ids.filter((i) => i.profileType !== 'Duns')
  r.customerProfile.ids = id === null ? others : [...others, { profileType: 'Duns', id }]
}

const helpColumn = 'Microsoft help required?'

function helpCell(r: Referral): string {
  const index = helpNeeded.indexOf(r.inviteContext.assistanceRequestCode as (typeof helpNeeded)[number])
  return index >= 0 ? String(index + 1) : ''
}

const helpNumberColumn = 'What specific help from Microsoft?'

/** No clears the help wanted; Yes keeps it, or asks for general help when the file has no help number. */
function writeHelpRequired(r: Referral, cell: string, cells: Cells): void {
  const required = yesNo(cell)
  if (required === false) r.inviteContext.assistanceRequestCode = 'Unknown'
  else if (required && !cells.has(helpNumberColumn) && r.inviteContext.assistanceRequestCode === 'Unknown')
    r.inviteContext.assistanceRequestCode = 'GeneralOrOther'
}

/** The help number, read with "Microsoft help required?" beside it. */
function writeHelp(r: Referral, cell: string, cells: Cells): void {
  const required = yesNo(cells.get(helpColumn) ?? '')
  const number = cell.trim()
  if (number === '') {
    if (required) throw new CellProblem(`required when "${helpColumn}" is Yes: a number from 1 to 6`)
    return
  }
  if (required === false) throw new CellProblem(`must be empty when "${helpColumn}" is No`)
  const code = /^\d+$/.test(number)
    ? helpNeeded[Number(number) - 1]
    : helpNeeded.find((c) => c.toLowerCase() === number.toLowerCase())
  if (code === undefined) throw new CellProblem(`'${number}' is not a number from 1 to 6`)
  r.inviteContext.assistanceRequestCode = code
}

function writeContactConsent(r: Referral, cell: string): void {
  const consent = yesNo(cell)
  if (consent === undefined) return
  r.consent.consentToToShareInfoWithOthers = consent
  r.consent.consentToContact = consent
}

function contactConsent(r: Referral): string {
  const { consentToToShareInfoWithOthers: share, consentToContact: contact } = r.consent
  return share === null && contact === null ? '' : yesNoCell(share === true && contact === true)
}

export const fixedColumns: readonly Column[] = [
  notInApi('Errors'),
  readOnly('Engagement ID', 'engagementId', (r) => r.engagementId),
  readOnly('Referral ID', 'id', (r) => r.id),
  text(
    'name',
    (r) => r.name,
    (r, v) => (r.name = v),
  )('Deal Name'),
  text(
    'customerProfile.name',
    (r) => r.customerProfile.name,
    (r, v) => (r.customerProfile.name = v),
  )('Customer Name'),
  ...(['addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'country'] as const).map((key, i) =>
    text(
      `customerProfile.address.${key}`,
      (r) => r.customerProfile.address[key],
      (r, v) => (r.customerProfile.address[key] = v),
    )(
      [
        'Customer Address Line 1',
        'Customer Address Line 2',
        'Customer City',
        'Customer State',
        'Customer Postal Code',
        'Customer Country',
      ][i]!,
    ),
  ),
  {
    header: 'Customer D-U-N-S ID',
    field: 'customerProfile.ids',
    read: (r) => r.customerProfile.ids.find((i) => i.profileType === 'Duns')?.id ?? '',
    write: writeDuns,
  },
  contact('firstName')('Customer Contact First Name'),
  contact('lastName')('Customer Contact Last Name'),
  contact('phoneNumber')('Customer Contact Phone Number'),
  contact('email')('Customer Contact Email Address'),
  {
    header: 'Partner Referral Status',
    field: 'status',
    read: (r) => r.status,
    write: (r, cell) => {
      if (cell.trim() !== '') r.status = cell.trim() as Referral['status']
    },
  },
  {
    header: 'Partner Referral Substatus',
    field: 'substatus',
    read: (r) => r.substatus,
    write: (r, cell) => {
      if (cell.trim() !== '') r.substatus = cell.trim() as Referral['substatus']
    },
  },
  notInApi('Microsoft Referral Status'),
  {
    header: 'Declined/Lost/Error reason',
    field: 'statusReason',
    read: (r) => reasonCell(r.substatus, r.statusReason),
    write: (r, cell) => {
      const reason = reasonText(r.substatus, cell)
      if ('problem' in reason) throw new CellProblem(reason.problem)
      r.statusReason = reason.value
    },
  },
  text(
    'salesStage',
    (r) => r.salesStage,
    (r, v) => (r.salesStage = v),
  )('Sales Stage'),
  {
    header: 'Estimated Deal Value',
    field: 'details.dealValue',
    read: (r) => cellOf(r.details.dealValue),
    write: (r, cell) => (r.details.dealValue = numberOrNull(cell)),
  },
  text(
    'details.currency',
    (r) => r.details.currency,
    (r, v) => (r.details.currency = v),
  )('Currency'),
  {
    header: 'Estimated Close Date',
    field: 'details.closingDateTime',
    read: (r) => dateCell(r.details.closingDateTime),
    write: (r, cell) => (r.details.closingDateTime = dateOrNull(cell)),
  },
  text(
    'externalReferenceId',
    (r) => r.externalReferenceId,
    (r, v) => (r.externalReferenceId = v),
  )('CRM ID'),
  text(
    'campaignId',
    (r) => r.campaignId,
    (r, v) => (r.campaignId = v),
  )('Marketing Campaign ID'),
  text(
    'details.notes',
    (r) => r.details.notes,
    (r, v) => (r.details.notes = v),
  )('Notes'),
  {
    header: helpColumn,
    field: 'inviteContext.assistanceRequestCode',
    read: (r) => yesNoCell(r.inviteContext.assistanceRequestCode !== 'Unknown'),
    write: writeHelpRequired,
  },
  {
    header: helpNumberColumn,
    field: 'inviteContext.assistanceRequestCode',
    read: helpCell,
    write: writeHelp,
  },
  {
    header: 'Share with Microsoft sales team',
    field: 'consent.consentToShareReferralWithMicrosoftSellers',
    read: (r) => yesNoCell(r.consent.consentToShareReferralWithMicrosoftSellers),
    write: (r, cell) => {
      r.consent.consentToShareReferralWithMicrosoftSellers = yesNo(cell) ?? false
    },
  },
  text(
    'inviteContext.notes',
    (r) => r.inviteContext.notes,
    (r, v) => (r.inviteContext.notes = v),
  )('Notes to Microsoft'),
  {
    header: 'Consent to share Customer/Partner contact',
    field: 'consent.consentToToShareInfoWithOthers, consent.consentToContact',
    read: contactConsent,
    write: writeContactConsent,
  },
  ...(['customerLicenseAgreementNumber', 'deviceCategory', 'siliconType'] as const).map((key, i) =>
    text(
      `details.requirements.additionalRequirements.iot.${key}`,
      (r) => iot(r)[key],
      (r, v) => (iot(r)[key] = v),
    )(['CLA Number', 'Device Category', 'Silicon Type'][i]!),
  ),
  ...(['azureCertifiedDevice', 'attachServices'] as const).map((key, i) => ({
    header: ['Azure Certified Device', 'Attach Services'][i]!,
    field: `details.requirements.additionalRequirements.iot.${key}`,
    read: (r: Referral) => yesNoCell(iot(r)[key]),
    write: (r: Referral, cell: string) => (iot(r)[key] = yesNo(cell) ?? false),
  })),
  readOnly('Microsoft MSX ID', 'trackingInfo.microsoftMsxId', (r) => cellOf(r.trackingInfo.microsoftMsxId)),
  readOnly('Migrated PSC Deal ID', 'trackingInfo.migratedPSCDealId', (r) =>
    cellOf(r.trackingInfo.migratedPSCDealId),
  ),
  readOnly('PartnerID (formerly MPN ID)', 'mpnId', (r) => cellOf(r.mpnId)),
  {
    header: 'Marketplace Purchase Intent',
    field: 'details.requirements.additionalRequirements.attributes',
    read: marketplaceIntent,
    write: writeMarketplaceIntent,
  },
  ...[
    'Customer Domain Name',
    'Final Matched Customer Account',
    'Matched Category',
    'Confidence',
    'Managed Account 1',
    'Managed Account 2',
    'Unmanaged Account 1',
    'Unmanaged Account 2',
    'DUNS Account 1',
    'DUNS Account 2',
  ].map(notInApi),
]

/** Columns numbered from 1 that repeat once per list item, after the fixed ones, in this order. */
export const numberedColumns = [
  { prefix: 'Solution', field: 'details.requirements.solutions' },
  { prefix: 'Team member', field: 'team' },
  { prefix: 'Microsoft team member', field: '' },
] as const

export type NumberedPrefix = (typeof numberedColumns)[number]['prefix']
