// The fakes on their own: addresses stay plausible for their country, phone numbers keep their
// country code and shape, notes keep about their length, and known values are swapped only as
// whole words.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { fakeAddress, fakeCompanyName } from '../../../../src/sync/connectors/mirror/fake-address.js'
import { fakeEmail, fakePhone } from '../../../../src/sync/connectors/mirror/fake-person.js'
import { fakeNotes, replaceKnown } from '../../../../src/sync/connectors/mirror/fake-text.js'
import { places } from '../../../../src/domain/sandbox/sample-data.js'

const seed = 'unit seed'
const address = (country: string | null, city: string | null = 'Springfield') => ({
  addressLine1: '742 Evergreen Terrace',
  addressLine2: null,
  city,
  state: 'XY',
  postalCode: 'AB1 2CD',
  country,
  region: 'North',
})

describe('fake addresses', () => {
  test('a country the sample data knows: city, state and postal code of one of its places, together', () => {
    const faked = fakeAddress(seed, address('GB', 'Leeds'))
    const place = places.find((p) => p.country === 'GB' && p.city === faked.city)
    assert.ok(place, faked.city ?? 'null')
    assert.deepEqual(
      [faked.state, faked.postalCode, faked.country, faked.region],
      [place.state, place.postalCode, 'GB', 'North'],
    )
    assert.match(faked.addressLine1!, new RegExp(`^\\d+ ${place.street}$`))
    assert.equal(faked.addressLine2, null, 'nothing to replace')
  })

  test('another country: city and state kept, the postal code keeps its shape', () => {
    const faked = fakeAddress(seed, address('KE'))
    assert.deepEqual([faked.city, faked.state, faked.country], ['Springfield', 'XY', 'KE'])
    assert.match(faked.postalCode!, /^[A-Z]{2}\d \d[A-Z]{2}$/)
    assert.notEqual(faked.addressLine1, '742 Evergreen Terrace')
  })

  test('a city of the data is replaced by another of its country', () => {
    assert.notEqual(fakeAddress(seed, address('US', 'Seattle')).city, 'Seattle')
  })

  test('a company name never comes out as itself', () => {
    for (const name of ['Contoso Traders', 'Fabrikam Bank', 'Northwind Health'])
      assert.notEqual(fakeCompanyName(seed, name), name)
  })
})

describe('fake contact details', () => {
  test('phones: a leading country code kept, every other digit replaced, punctuation kept', () => {
    const faked = fakePhone(seed, '+44 20 7946 0958 ext. 12')
    assert.match(faked, /^\+44 \d\d \d{4} \d{4} ext\. \d\d$/)
    assert.notEqual(faked, '+44 20 7946 0958 ext. 12')
    assert.match(fakePhone(seed, '0123456789'), /^\d{10}$/)
  })

  test('emails ignore case and follow the fake names they are given', () => {
    assert.equal(fakeEmail(seed, 'Sue.Smith@Contoso.com'), fakeEmail(seed, 'sue.smith@contoso.com'))
    assert.match(fakeEmail(seed, 'sue@contoso.com', ['Hana', 'Müller']), /^hana\.muller@[a-z-]+\.example$/)
    const [a, b] = [fakeEmail(seed, 'a@contoso.com'), fakeEmail(seed, 'b@contoso.com')]
    assert.equal(a.split('@')[1], b.split('@')[1], 'one source domain, one fake domain')
  })
})

describe('fake text', () => {
  test('notes: whole sentences, never longer than the source, within a sentence of its length', () => {
    for (const length of [300, 1000, 4000]) {
      const faked = fakeNotes(seed, 'x'.repeat(length))
      assert.ok(faked.length <= length && faked.length > length - 80, `${length}: ${faked.length}`)
    }
    assert.ok(fakeNotes(seed, 'Call Sue').length <= 8)
  })

  test('known values are replaced as whole words only, longest first', () => {
    const replacements = new Map([
      ['Sue', 'Hana'],
      ['Sue Smith', 'Hana Ito'],
      ['Smith', 'Ito'],
    ])
    assert.equal(
      replaceKnown('Sue Smith met Sue and Suez Smithers', replacements),
      'Hana Ito met Hana and Suez Smithers',
    )
  })
})
