// The mapping a new SQL or CSV configuration starts from: the default layout's columns
// (table-layout.ts) against referral fields. Stages follow the lifecycle table: a CRM stage names a
// status and substatus pair; the first pair that matches wins in each direction, so the later
// pairs only translate referral states into the stage that reads closest.
import type { CrmValue } from './connector.js'
import type { FieldMapping, Mapping } from '../mapping/mapping-schema.js'

const stage = (crm: string, status: string, substatus: string) => ({ crm, referral: [status, substatus] })

const stages: FieldMapping = {
  crm: 'stage',
  referral: ['status', 'substatus'],
  values: [
    stage('Prospecting', 'New', 'Pending'),
    stage('Prospecting', 'New', 'Received'),
    stage('Qualify', 'Active', 'Accepted'),
    stage('Develop', 'Active', 'Accepted'),
    stage('Propose', 'Active', 'Accepted'),
    stage('Closed Won', 'Closed', 'Won'),
    stage('Closed Lost', 'Closed', 'Lost'),
    stage('Closed Lost', 'Closed', 'Declined'),
    stage('Closed Lost', 'Closed', 'Expired'),
    stage('Closed Lost', 'Closed', 'Error'),
  ],
}

const contact = 'customerProfile.team[0]'

const fields: FieldMapping[] = [
  { crm: 'name', referral: 'name' },
  { crm: 'account_name', referral: 'customerProfile.name' },
  { crm: 'account_address', referral: 'customerProfile.address.addressLine1' },
  { crm: 'account_city', referral: 'customerProfile.address.city' },
  { crm: 'account_country', referral: 'customerProfile.address.country' },
  { crm: 'contact_first_name', referral: `${contact}.firstName` },
  { crm: 'contact_last_name', referral: `${contact}.lastName` },
  { crm: 'contact_email', referral: `${contact}.email` },
  { crm: 'contact_phone', referral: `${contact}.phoneNumber` },
  { crm: 'amount', referral: 'details.dealValue', format: 'number' },
  { crm: 'currency', referral: 'details.currency' },
  { crm: 'close_date', referral: 'details.closingDateTime', format: 'date' },
  stages,
  // Closed Lost needs a reason in Partner Center (docs/lifecycle.md)
  { crm: 'status_reason', referral: 'statusReason' },
  { crm: 'notes', referral: 'details.notes' },
]

/** What a referral created from a CRM record needs beyond the mapped fields (test/fixtures/create-private.json). */
const referralDefaults = {
  qualification: 'SalesQualified',
  type: 'Independent',
  consent: {
    consentToToShareInfoWithOthers: true,
    consentToContact: true,
    consentToMicrosoftToContactSpecificPartners: true,
    consentToShareReferralWithMicrosoftSellers: false,
  },
}

/**
 * The default mapping for a table in the default layout. `flagOn` lists the values of
 * `sync_to_partner_center` that mean yes (a boolean in SQL, words in a CSV file); the first is
 * what a record created from a referral gets, so it goes on syncing.
 */
export function defaultTableMapping(flagOn: readonly [CrmValue, ...CrmValue[]]): Mapping {
  return {
    crmReferralId: 'referral_id',
    syncFlag: { field: 'sync_to_partner_center', values: [...flagOn] },
    fields,
    defaults: { referral: referralDefaults, crm: { sync_to_partner_center: flagOn[0] } },
  }
}
