// The co-sell CSV layout, column by column: a referral written as a row and read back, each
// column's cell rules, and the numbered reasons and help choices both ways.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blankReferral } from '../../src/bulk/blank-referral.js'
import { readHeader } from '../../src/bulk/header.js'
import { fixedColumns } from '../../src/bulk/layout.js'
import { declinedOrLostReasons, errorReasons, helpNeeded } from '../../src/bulk/reasons.js'
import { csvHeader, csvRow, referralCells } from '../../src/bulk/referral-to-row.js'
import { applyRow, createBody } from '../../src/bulk/row-to-referral.js'
import type { Referral } from '../../src/domain/referral/schema.js'

/** A referral with every field the layout carries set. */
function fullReferral(): Referral {
  const r = blankReferral()
  Object.assign(r, {
    id: 'ref-1',
    engagementId: 'eng-1',
    name: 'UK spring deal',
    status: 'Closed',
    substatus: 'Lost',
    statusReason: 'Customer chose another vendor',
    salesStage: '40',
    externalReferenceId: 'CRM-1',
    campaignId: 'BingSummer2020',
    mpnId: '1234567',
  })
  r.customerProfile.name = 'Contoso Corporation'
  r.customerProfile.address = {
    addressLine1: 'One Contoso Way',
    addressLine2: 'NE 148 street',
    city: 'Redmond',
    state: 'WA',
    postalCode: '98052',
    country: 'US',
    region: null,
  }
  r.customerProfile.ids = [{ profileType: 'Duns', id: '81466849' }]
  r.customerProfile.team = [
    {
      firstName: 'John',
      lastName: 'Customer',
      phoneNumber: '9999999999',
      email: 'john@contoso.com',
      title: null,
      contactPreference: { locale: null, disableNotifications: null },
    },
  ]
  r.consent = {
    consentToToShareInfoWithOthers: true,
    consentToContact: true,
    consentToShareReferralWithMicrosoftSellers: true,
    consentToMicrosoftToContactSpecificPartners: null,
  }
  Object.assign(r.details, {
    notes: 'Renewal, with a "pilot"\nfirst',
    dealValue: 12563.5,
    currency: 'USD',
    closingDateTime: '2027-01-30T00:00:00Z',
  })
  r.details.requirements.solutions = [
    {
      id: 'SOL-1234-PQRS',
      name: null,
      type: 'Name',
      price: '10',
      quantity: 100,
      currency: 'USD',
      publisherName: null,
      solutionType: null,
      closingDateTime: null,
    },
  ]
  r.details.requirements.additionalRequirements = {
    iot: {
      customerLicenseAgreementNumber: 'CLA-9',
      deviceCategory: 'Kiosk',
      siliconType: 'Intel - Core i5',
      azureCertifiedDevice: true,
      attachServices: true,
    },
    attributes: [{ id: 'HaveNotDecided', type: 'CustomerMarketplaceIntent' }],
  }
  r.team = [0, 1].map((i) => ({
    firstName: `Bob${i}`,
    lastName: 'Partner',
    phoneNumber: '999999',
    email: `bob${i}@partner.example`,
    title: null,
    contactPreference: { locale: null, disableNotifications: null },
  }))
  r.inviteContext.notes = 'Need help with a POC'
  r.inviteContext.assistanceRequestCode = 'ProofOfConceptOrDemo'
  return r
}

function rowOf(r: Referral): Map<string, string> {
  const cells = referralCells(r)
  const widths = { solutions: cells.solutions.length, team: cells.team.length }
  const header = csvHeader(widths)
  const row = csvRow(cells, widths)
  return new Map(header.map((h, i) => [h, row[i]!]))
}

test('a referral written as a row and read into a blank referral gives back every field the layout carries', () => {
  const original = fullReferral()
  const draft = blankReferral()
  assert.deepEqual(applyRow(rowOf(original), draft), [])
  const { id: _id, engagementId: _engagement, mpnId: _mpn, ...expected } = original
  const { id: _i, engagementId: _e, mpnId: _m, ...read } = draft
  assert.deepEqual(read, expected)
})

test('the row of a referral holds each column as Partner Center writes it', () => {
  const row = rowOf(fullReferral())
  const expected: Record<string, string> = {
    Errors: '',
    'Engagement ID': 'eng-1',
    'Referral ID': 'ref-1',
    'Customer D-U-N-S ID': '81466849',
    'Partner Referral Status': 'Closed',
    'Partner Referral Substatus': 'Lost',
    'Microsoft Referral Status': '',
    'Declined/Lost/Error reason': '3',
    'Estimated Deal Value': '12563.5',
    'Estimated Close Date': '01/30/2027',
    'Microsoft help required?': 'Yes',
    'What specific help from Microsoft?': '3',
    'Share with Microsoft sales team': 'Yes',
    'Consent to share Customer/Partner contact': 'Yes',
    'Azure Certified Device': 'Yes',
    'PartnerID (formerly MPN ID)': '1234567',
    'Marketplace Purchase Intent': 'Have not decided',
    'Solution 1': 'SOL-1234-PQRS, USD, 10, 100',
    'Team member 2': 'Bob1, Partner, 999999, bob1@partner.example',
    'Microsoft team member 1': '',
  }
  for (const [header, cell] of Object.entries(expected)) assert.equal(row.get(header), cell, header)
})

test('the header lists the layout’s columns in order, then the numbered ones as often as needed', () => {
  const header = csvHeader({ solutions: 2, team: 0 })
  assert.deepEqual(header.slice(0, 4), ['Errors', 'Engagement ID', 'Referral ID', 'Deal Name'])
  assert.deepEqual(header.slice(-4), ['Solution 1', 'Solution 2', 'Team member 1', 'Microsoft team member 1'])
  assert.equal(header.length, fixedColumns.length + 4)
})

test('declined and lost reasons are numbered 1 to 8 both ways, error reasons 1 to 9', () => {
  const tables = [
    ['Lost', declinedOrLostReasons],
    ['Declined', declinedOrLostReasons],
    ['Error', errorReasons],
  ] as const
  for (const [substatus, reasons] of tables) {
    assert.equal(reasons.length, substatus === 'Error' ? 9 : 8)
    reasons.forEach((reason, i) => {
      const r = blankReferral()
      r.status = 'Closed'
      r.substatus = substatus
      r.statusReason = reason
      assert.equal(rowOf(r).get('Declined/Lost/Error reason'), String(i + 1))
      const draft = blankReferral()
      const cells = new Map([
        ['Partner Referral Substatus', substatus],
        ['Declined/Lost/Error reason', String(i + 1)],
      ])
      assert.deepEqual(applyRow(cells, draft), [])
      assert.equal(draft.statusReason, reason)
    })
  }
})

test('a reason that is not one of the numbered ones travels as its text', () => {
  const r = blankReferral()
  Object.assign(r, { status: 'Closed', substatus: 'Lost', statusReason: 'Went with a competitor' })
  assert.equal(rowOf(r).get('Declined/Lost/Error reason'), 'Went with a competitor')
  const draft = blankReferral()
  applyRow(new Map([['Declined/Lost/Error reason', 'Went with a competitor']]), draft)
  assert.equal(draft.statusReason, 'Went with a competitor')
})

test('help needed is numbered 1 to 6 as assistanceRequestCode, both ways; No help is Unknown', () => {
  helpNeeded.forEach((code, i) => {
    const r = blankReferral()
    r.inviteContext.assistanceRequestCode = code
    const row = rowOf(r)
    assert.deepEqual(
      [row.get('Microsoft help required?'), row.get('What specific help from Microsoft?')],
      ['Yes', String(i + 1)],
    )
    const draft = blankReferral()
    assert.deepEqual(applyRow(row, draft), [])
    assert.equal(draft.inviteContext.assistanceRequestCode, code)
  })
  const row = rowOf(blankReferral())
  assert.deepEqual(
    [row.get('Microsoft help required?'), row.get('What specific help from Microsoft?')],
    ['No', ''],
  )
})

const lost = { 'Partner Referral Substatus': 'Lost' }
const error = { 'Partner Referral Substatus': 'Error' }
const won = { 'Partner Referral Substatus': 'Won' }
const helpYes = { 'Microsoft help required?': 'Yes' }
const helpNo = { 'Microsoft help required?': 'No' }
const reason = 'Declined/Lost/Error reason'
const help = 'What specific help from Microsoft?'

// column, cell, the other cells of the row, what the problem says
const refused: [string, string, Record<string, string>, RegExp][] = [
  ['Estimated Deal Value', '12,563', {}, /not a number/],
  ['Estimated Close Date', '13/30/2026', {}, /MM\/DD\/YYYY/],
  ['Estimated Close Date', '02/30/2026', {}, /MM\/DD\/YYYY/],
  ['Share with Microsoft sales team', 'Maybe', {}, /not Yes or No/],
  ['Marketplace Purchase Intent', 'Perhaps', {}, /Yes, No, Have not decided/],
  [reason, '9', lost, /1 to 8/],
  [reason, '10', error, /1 to 9/],
  [reason, '2', won, /needs substatus/],
  [help, '7', helpYes, /1 to 6/],
  [help, '', helpYes, /required/],
  [help, '2', helpNo, /must be empty/],
  ['Solution 1', ', USD', {}, /solution id/],
  ['Solution 2', 'SOL-1, USD, 10, many', {}, /not a number/],
  ['Team member 1', 'a, b, c, d, e', {}, /at most 4/],
]

for (const [column, cell, others, message] of refused) {
  test(`${column} '${cell}' is reported under its column`, () => {
    const problems = applyRow(new Map([...Object.entries(others), [column, cell]]), blankReferral())
    assert.equal(problems.length, 1, JSON.stringify(problems))
    assert.equal(problems[0]!.column, column)
    assert.match(problems[0]!.message, message)
  })
}

test('every bad cell of a row is reported at once', () => {
  const cells = new Map([
    ['Estimated Deal Value', 'lots'],
    ['Estimated Close Date', 'soon'],
    ['Azure Certified Device', 'sure'],
  ])
  assert.deepEqual(
    applyRow(cells, blankReferral()).map((p) => p.column),
    ['Estimated Deal Value', 'Estimated Close Date', 'Azure Certified Device'],
  )
})

test('dates read as MM/DD/YYYY or ISO 8601; a time other than midnight is exported as it is', () => {
  for (const [cell, expected] of [
    ['1/30/2027', '2027-01-30T00:00:00Z'],
    ['2027-01-30T15:00:00Z', '2027-01-30T15:00:00Z'],
  ] as const) {
    const draft = blankReferral()
    applyRow(new Map([['Estimated Close Date', cell]]), draft)
    assert.equal(draft.details.closingDateTime, expected)
  }
  const r = blankReferral()
  r.details.closingDateTime = '2027-01-30T15:00:00Z'
  assert.equal(rowOf(r).get('Estimated Close Date'), '2027-01-30T15:00:00Z')
})

test('read-only columns and those Partner Center fills are ignored on import', () => {
  const draft = blankReferral()
  const cells = new Map([
    ['Engagement ID', 'x'],
    ['Referral ID', 'y'],
    ['Microsoft Referral Status', 'Pending'],
    ['Microsoft MSX ID', 'MSX-1'],
    ['PartnerID (formerly MPN ID)', '42'],
    ['Final Matched Customer Account', 'MicrosoftID: 11-1FG2G'],
    ['Microsoft team member 1', 'Sam, Seller, 1, sam@microsoft.example'],
  ])
  assert.deepEqual(applyRow(cells, draft), [])
  assert.deepEqual(draft, blankReferral())
})

test('an update writes only the columns the file has, and keeps what a solution or member had beyond them', () => {
  const stored = fullReferral()
  stored.details.requirements.solutions[0]!.publisherName = 'Contoso'
  stored.team[0]!.title = 'Seller'
  const draft = structuredClone(stored)
  const cells = new Map([
    ['Deal Name', 'Renamed'],
    ['Solution 1', 'SOL-1234-PQRS, EUR'],
    ['Team member 1', 'Bob0, Partner, 111, bob0@partner.example'],
  ])
  assert.deepEqual(applyRow(cells, draft), [])
  assert.equal(draft.name, 'Renamed')
  assert.equal(draft.customerProfile.name, 'Contoso Corporation')
  assert.deepEqual(
    draft.team.map((m) => [m.phoneNumber, m.title]),
    [['111', 'Seller']],
  )
  const solution = draft.details.requirements.solutions[0]!
  assert.deepEqual([solution.currency, solution.price, solution.publisherName], ['EUR', null, 'Contoso'])
})

test('emptying every customer contact cell removes the contact', () => {
  const draft = fullReferral()
  const cells = new Map(
    ['First Name', 'Last Name', 'Phone Number', 'Email Address'].map((n) => [`Customer Contact ${n}`, '']),
  )
  applyRow(cells, draft)
  assert.deepEqual(draft.customerProfile.team, [])
})

test('a create body carries the client’s fields only, with the type the consent implies', () => {
  const body = createBody(fullReferral())
  assert.equal(body.type, 'Shared')
  for (const serverField of ['id', 'engagementId', 'eTag', 'mpnId', 'links', 'registrations'])
    assert.equal(serverField in body, false, serverField)
  assert.deepEqual(body.inviteContext, {
    notes: 'Need help with a POC',
    assistanceRequestCode: 'ProofOfConceptOrDemo',
  })
})

test('headers match by name whatever their case, spacing and order; unknown and repeated ones are reported', () => {
  const header = readHeader([
    ' deal NAME ',
    'Solution 2',
    'CUSTOMER  CITY',
    'Favourite colour',
    'deal name',
    'declined/lost reason',
    'team member 03',
    '',
  ])
  assert.deepEqual(header.keys, [
    'Deal Name',
    'Solution 2',
    'Customer City',
    undefined,
    undefined,
    'Declined/Lost/Error reason',
    'Team member 3',
    undefined,
  ])
  assert.deepEqual(header.unknown, ['Favourite colour'])
  assert.deepEqual(header.repeated, ['deal name'])
})
