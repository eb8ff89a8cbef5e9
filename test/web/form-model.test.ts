// The dashboard's form model and query mapping, without a browser: what a form sends, where an
// API problem lands, which lifecycle moves are offered, and the OData a pipeline's filters mean.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { diffReferral } from '../../src/client/referral-diff.js'
import type { Referral } from '../../src/client/referrals.js'
import {
  applyDraft,
  draftOf,
  fieldOfTarget,
  newDraft,
  playsOf,
  type Draft,
} from '../../src/web/form-model.js'
import { movesFrom } from '../../src/web/views/lifecycle.js'
import { pipelineFilter, pipelineOrder } from '../../src/web/views/pipeline.js'
import { fullReferral } from '../support/full-referral.js'

describe('the referral form model', () => {
  test('a create sends only what the form holds, in the API’s shapes', () => {
    const draft: Draft = {
      ...newDraft('me@partner.example'),
      name: 'Deal',
      'details.dealValue': '1500',
      'details.requirements.industries': ['Education'],
      'attribute:SolutionArea': 'Cloud and AI Platforms',
    }
    const body = applyDraft<Record<string, unknown>>({}, draft)
    assert.equal(body.name, 'Deal')
    assert.deepEqual(body.details, {
      dealValue: 1500,
      currency: 'USD',
      closingDateTime: `${String(draft['details.closingDateTime'])}T00:00:00Z`,
      requirements: {
        industries: [{ id: 'Education' }],
        additionalRequirements: { attributes: [{ type: 'SolutionArea', id: 'Cloud and AI Platforms' }] },
      },
    })
    assert.deepEqual(body.team, [{ email: 'me@partner.example' }])
    assert.equal('customerProfile' in body && (body.customerProfile as { name?: unknown }).name, undefined)
  })

  test('an edit of one field is one replace operation', () => {
    const referral = fullReferral() as unknown as Referral
    const changed = applyDraft(referral, { ...draftOf(referral), 'details.notes': 'New notes.' })
    assert.deepEqual(diffReferral(referral, changed), [
      { op: 'replace', path: '/details/notes', value: 'New notes.' },
    ])
  })

  test('a problem lands at the field its target names; an attribute’s by its type', () => {
    const sent = applyDraft(
      {},
      { ...draftOf({}), 'attribute:PartnerRole': 'x', 'attribute:SolutionPlay': 'y' },
    )
    const attributes = (sent as Referral).details.requirements.additionalRequirements.attributes
    const playAt = attributes.findIndex((a) => a.type === 'SolutionPlay')
    assert.equal(attributes.length, 2)
    assert.equal(fieldOfTarget('customerProfile.address.city', sent)?.label, 'City')
    assert.equal(fieldOfTarget('customerProfile.team[0].email', sent)?.label, 'Contact email')
    assert.equal(
      fieldOfTarget(`details.requirements.additionalRequirements.attributes[${playAt}].id`, sent)?.label,
      'Solution play',
    )
    assert.equal(
      fieldOfTarget('details.requirements.solutions', sent)?.path,
      'consent.consentToShareReferralWithMicrosoftSellers',
    )
    assert.equal(fieldOfTarget('lastRunId', sent), undefined)
  })

  test('the play picker offers the FY26 plays of the chosen area only', () => {
    assert.ok(playsOf('Cloud and AI Platforms').length > 0)
    assert.deepEqual(playsOf('No such area'), [])
  })
})

describe('lifecycle moves offered', () => {
  test('from New, Active and Closed: what the table allows, never Expired, nothing once closed', () => {
    assert.deepEqual(movesFrom({ status: 'New', substatus: 'Pending' }), [
      'New/Received',
      'Active/Accepted',
      'Closed/Won',
      'Closed/Lost',
      'Closed/Declined',
      'Closed/Error',
    ])
    assert.deepEqual(movesFrom({ status: 'Active', substatus: 'Accepted' }), [
      'Closed/Won',
      'Closed/Lost',
      'Closed/Declined',
      'Closed/Error',
    ])
    assert.deepEqual(movesFrom({ status: 'Closed', substatus: 'Won' }), [])
  })
})

describe('the pipeline’s OData', () => {
  test('filters become one $filter; quotes are doubled; an unknown sort falls back', () => {
    const params = { status: 'Active', customer: "O'Neil", min: '1000', type: 'Shared' }
    assert.equal(
      pipelineFilter(params)?.text,
      "status eq 'Active' and type eq 'Shared' and contains(customerProfile/name, 'O''Neil') and details/dealValue ge 1000",
    )
    assert.equal(pipelineFilter({}), undefined)
    assert.equal(pipelineOrder({ sort: 'details/dealValue', dir: 'asc' }), 'details/dealValue asc')
    assert.equal(pipelineOrder({ sort: 'eTag' }), 'updatedDateTime desc')
  })
})
