// One mapped field between its CRM and referral forms: formats, translation tables, what cannot be translated.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { FieldMapping } from '../../../src/sync/mapping/mapping-schema.js'
import { readPath, writePath } from '../../../src/sync/mapping/referral-path.js'
import { crmForm, crmValueOf, referralValuesOf } from '../../../src/sync/mapping/translate.js'

const stage: FieldMapping = {
  crm: 'stage',
  referral: ['status', 'substatus'],
  values: [
    { crm: 'Qualify', referral: ['Active', 'Accepted'] },
    { crm: 'Closed Won', referral: ['Closed', 'Won'] },
    { crm: 'Develop', referral: ['Active', 'Accepted'] },
  ],
}

describe('referral paths', () => {
  test('read and write through objects and list entries, making what is missing', () => {
    const doc: Record<string, unknown> = { customerProfile: { name: 'Contoso' } }
    writePath(doc, 'customerProfile.team[1].email', 'a@b.example')
    assert.deepEqual(doc, { customerProfile: { name: 'Contoso', team: [{}, { email: 'a@b.example' }] } })
    assert.equal(readPath(doc, 'customerProfile.team[1].email'), 'a@b.example')
    assert.equal(readPath(doc, 'details.dealValue'), undefined)
  })
})

describe('translation', () => {
  test('a table translates both ways; the first pair wins going to the CRM', () => {
    assert.deepEqual(crmValueOf(stage, { status: 'Active', substatus: 'Accepted' }), {
      ok: true,
      value: 'Qualify',
    })
    assert.deepEqual(referralValuesOf(stage, 'Develop'), { ok: true, value: ['Active', 'Accepted'] })
    assert.deepEqual(referralValuesOf(stage, 'Closed Won'), { ok: true, value: ['Closed', 'Won'] })
  })

  test('a value with no pair is refused, naming it and the mapped values', () => {
    const refused = crmValueOf(stage, { status: 'Closed', substatus: 'Lost' })
    assert.equal(refused.ok, false)
    assert.match(
      !refused.ok ? refused.reason : '',
      /status\/substatus "Closed"\/"Lost" has no stage value in the mapping; mapped: "Active"\/"Accepted"/,
    )
    const back = referralValuesOf(stage, 'Negotiate')
    assert.match(
      !back.ok ? back.reason : '',
      /stage "Negotiate" has no status\/substatus value in the mapping; mapped: "Qualify", "Closed Won", "Develop"/,
    )
  })

  test('formats: numbers from text, days of date-times, booleans, JSON', () => {
    const amount: FieldMapping = { crm: 'amount', referral: 'details.dealValue', format: 'number' }
    assert.equal(crmForm(amount, '12000.50'), 12000.5)
    assert.deepEqual(referralValuesOf(amount, '300'), { ok: true, value: [300] })
    assert.equal(referralValuesOf(amount, 'lots').ok, false)
    const day: FieldMapping = { crm: 'close', referral: 'details.closingDateTime', format: 'date' }
    assert.deepEqual(crmValueOf(day, { details: { closingDateTime: '2027-03-31T00:00:00Z' } }), {
      ok: true,
      value: '2027-03-31',
    })
    assert.deepEqual(referralValuesOf(day, '2027-04-01'), { ok: true, value: ['2027-04-01T00:00:00Z'] })
    assert.equal(referralValuesOf(day, '31/03/2027').ok, false)
    const flag: FieldMapping = { crm: 'fav', referral: 'favorite', format: 'boolean' }
    assert.equal(crmForm(flag, 'Yes'), true)
    const team: FieldMapping = { crm: 'team', referral: 'team', format: 'json' }
    assert.deepEqual(crmValueOf(team, { team: [{ firstName: 'A' }] }), {
      ok: true,
      value: '[{"firstName":"A"}]',
    })
    assert.equal(crmForm(team, '[ {"firstName" : "A"} ]'), '[{"firstName":"A"}]')
  })

  test('blank text and absent values are the same null on both sides', () => {
    const notes: FieldMapping = { crm: 'notes', referral: 'details.notes' }
    assert.equal(crmForm(notes, ''), null)
    assert.deepEqual(crmValueOf(notes, {}), { ok: true, value: null })
  })

  test('a list or object mapped without format json is refused with the way out', () => {
    const team: FieldMapping = { crm: 'team', referral: 'team' }
    const refused = crmValueOf(team, { team: [] })
    assert.match(!refused.ok ? refused.reason : '', /format": "json"/)
  })
})
