// The Dataverse tables the connector syncs, with their entity set names and primary keys, the
// columns it reads by default and the default mapping of each (docs/sync-connectors.md lists the
// custom columns to create: cosell_customername, cosell_referralid, cosell_syncwithpartnercenter).
import type { Mapping } from '../../mapping/mapping-schema.js'
import { createdReferralDefaults, stageField } from '../mapping-defaults.js'

export interface DataverseTable {
  /** The Web API's entity set name: `opportunities`. */
  readonly set: string
  /** The primary key column: `opportunityid`. */
  readonly key: string
  readonly mapping: Mapping
}

const syncFlag = { field: 'cosell_syncwithpartnercenter', values: [true] }

// statuscode of an opportunity: 1 In Progress, 2 On Hold (open), 3 Won, 4 Canceled, 5 Out-Sold. It is
// read only: Dataverse closes an opportunity through its WinOpportunity/LoseOpportunity actions.
const opportunity: DataverseTable = {
  set: 'opportunities',
  key: 'opportunityid',
  mapping: {
    crmReferralId: 'cosell_referralid',
    syncFlag,
    fields: [
      { crm: 'name', referral: 'name' },
      { crm: 'cosell_customername', referral: 'customerProfile.name' },
      { crm: 'estimatedvalue', referral: 'details.dealValue', format: 'number' },
      { crm: 'estimatedclosedate', referral: 'details.closingDateTime', format: 'date' },
      { crm: 'description', referral: 'details.notes' },
      stageField('statuscode', { accepted: [1, 2], won: 3, lost: [4, 5] }, 'toReferral'),
    ],
    defaults: { referral: createdReferralDefaults },
  },
}

// statuscode of a lead: 1 New, 2 Contacted (open), 3 Qualified, 4 Lost, 5 Cannot Contact,
// 6 No Longer Interested, 7 Canceled. Read only, as Dataverse qualifies a lead through QualifyLead.
const lead: DataverseTable = {
  set: 'leads',
  key: 'leadid',
  mapping: {
    crmReferralId: 'cosell_referralid',
    syncFlag,
    fields: [
      { crm: 'subject', referral: 'name' },
      { crm: 'companyname', referral: 'customerProfile.name' },
      { crm: 'firstname', referral: 'customerProfile.team[0].firstName' },
      { crm: 'lastname', referral: 'customerProfile.team[0].lastName' },
      { crm: 'emailaddress1', referral: 'customerProfile.team[0].email' },
      { crm: 'telephone1', referral: 'customerProfile.team[0].phoneNumber' },
      { crm: 'address1_line1', referral: 'customerProfile.address.addressLine1' },
      { crm: 'address1_city', referral: 'customerProfile.address.city' },
      { crm: 'address1_postalcode', referral: 'customerProfile.address.postalCode' },
      { crm: 'estimatedamount', referral: 'details.dealValue', format: 'number' },
      { crm: 'estimatedclosedate', referral: 'details.closingDateTime', format: 'date' },
      { crm: 'description', referral: 'details.notes' },
      stageField('statuscode', { pending: 1, accepted: [2, 3], lost: [4, 5, 6, 7] }, 'toReferral'),
    ],
    defaults: { referral: createdReferralDefaults },
  },
}

export const dataverseTables = { opportunity, lead } as const

export type DataverseEntity = keyof typeof dataverseTables
