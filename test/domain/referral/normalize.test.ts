import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Problem } from '../../../src/domain/errors.js'
import { normalize } from '../../../src/domain/referral/normalize.js'
import { readReferralBody } from '../../../src/domain/referral/referral-input.js'
import { ReferralSchema } from '../../../src/domain/referral/schema.js'

const read = (body: unknown) => readReferralBody(body)
const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value)

describe('normalising a referral body', () => {
  test('property names bind case-insensitively', () => {
    const { given } = read({ Name: 'x', CUSTOMERPROFILE: { Name: 'Contoso', Address: { Country: 'us' } } })
    assert.equal(given.name, 'x')
    assert.equal(at(given, 'customerProfile.name'), 'Contoso')
    assert.equal(at(given, 'customerProfile.address.country'), 'US')
  })

  test('referralType is an alias of type', () => {
    assert.equal(read({ referralType: 'shared' }).given.type, 'Shared')
  })

  test('the corrected consent spelling is accepted and the typo wins when both come', () => {
    assert.equal(
      at(
        read({ consent: { consentToShareInfoWithOthers: true } }).given,
        'consent.consentToToShareInfoWithOthers',
      ),
      true,
    )
    const both = read({
      consent: { consentToShareInfoWithOthers: false, consentToToShareInfoWithOthers: true },
    })
    assert.equal(at(both.given, 'consent.consentToToShareInfoWithOthers'), true)
  })

  test('object-form customer ids become the list form', () => {
    const { given } = read({ customerProfile: { ids: { Duns: '1234567', external: '', moodys: 'M-1' } } })
    assert.deepEqual(at(given, 'customerProfile.ids'), [
      { profileType: 'Duns', id: '1234567' },
      { profileType: 'Moodys', id: 'M-1' },
    ])
    assert.deepEqual(at(read({ customerProfile: { ids: {} } }).given, 'customerProfile.ids'), [])
  })

  test('a lone team member becomes a list of one', () => {
    const { given } = read({ team: { email: 'a@b.co' } })
    assert.deepEqual(given.team, [{ email: 'a@b.co' }])
  })

  test('numbers and booleans sent as strings are coerced', () => {
    const { given } = read({
      details: { dealValue: '10000.5' },
      consent: { consentToContact: 'TRUE' },
      favorite: 'false',
    })
    assert.equal(at(given, 'details.dealValue'), 10000.5)
    assert.equal(at(given, 'consent.consentToContact'), true)
    assert.equal(given.favorite, false)
  })

  test('a solutionType holding None/Category/Name moves into type', () => {
    const { given } = read({
      details: { requirements: { solutions: [{ id: 'DevOps', solutionType: 'category' }] } },
    })
    assert.deepEqual(at(given, 'details.requirements.solutions'), [
      { id: 'DevOps', solutionType: null, type: 'Category' },
    ])
  })

  test('a top-level customerMarketplaceIntent moves into attributes', () => {
    const { given } = read({ customerMarketplaceIntent: 'Have not decided' })
    assert.deepEqual(at(given, 'details.requirements.additionalRequirements.attributes'), [
      { type: 'CustomerMarketplaceIntent', id: 'HaveNotDecided' },
    ])
    assert.equal(given.customerMarketplaceIntent, undefined)
  })

  test('partnerRole, solutionArea and solutionPlay properties become attributes', () => {
    const { given } = read({
      details: {
        requirements: {
          additionalRequirements: {
            partnerRole: 'Solution design',
            SolutionArea: 'Security',
            solutionPlay: 'Data Security',
          },
        },
      },
    })
    assert.deepEqual(at(given, 'details.requirements.additionalRequirements.attributes'), [
      { type: 'PartnerRole', id: 'Solution design' },
      { type: 'SolutionArea', id: 'Security' },
      { type: 'SolutionPlay', id: 'Data Security' },
    ])
  })

  test('server-owned fields and links are dropped, not rejected', () => {
    const { given, problems } = read({
      id: 'x',
      eTag: 'y',
      links: { self: {} },
      '@odata.context': 'z',
      direction: 'Incoming',
      name: 'kept',
    })
    assert.deepEqual(given, { name: 'kept' })
    assert.deepEqual(problems, [])
  })

  test('enum values match case-insensitively and keep the canonical spelling', () => {
    assert.equal(read({ status: 'closed', substatus: 'WON' }).given.substatus, 'Won')
  })

  test('a value of the wrong shape is reported, not thrown', () => {
    const problems: Problem[] = []
    normalize(ReferralSchema, { customerProfile: 'Contoso' }, problems)
    assert.deepEqual(
      problems.map((p) => p.target),
      ['customerProfile'],
    )
    assert.deepEqual(
      read([1, 2]).problems.map((p) => p.target),
      ['body'],
    )
  })

  test('dates become UTC text; text that is no date is left for the schema to refuse', () => {
    assert.equal(
      at(read({ details: { closingDateTime: '2024-11-14' } }).given, 'details.closingDateTime'),
      '2024-11-14T00:00:00Z',
    )
    assert.equal(at(read({ details: { closingDateTime: 'soon' } }).given, 'details.closingDateTime'), 'soon')
  })
})
