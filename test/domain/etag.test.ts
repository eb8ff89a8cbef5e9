import assert from 'node:assert/strict'
import { test } from 'node:test'
import { etagMatches, formatEtag, normalizeEtag } from '../../src/domain/etag.js'

const stored = '"2500ec5a-0000-0100-0000-5bf4967d0000"'

test('If-Match matches the stored eTag however a client quotes it', () => {
  for (const header of [
    '"2500ec5a-0000-0100-0000-5bf4967d0000"',
    '2500ec5a-0000-0100-0000-5bf4967d0000',
    ' W/"2500ec5a-0000-0100-0000-5bf4967d0000" ',
    '\\"2500ec5a-0000-0100-0000-5bf4967d0000\\"',
    '"other", "2500ec5a-0000-0100-0000-5bf4967d0000"',
    '*',
  ]) {
    assert.equal(etagMatches(header, stored), true, header)
  }
})

test('If-Match with another value does not match', () => {
  assert.equal(etagMatches('"2500ec5a-0000-0100-0000-5bf4967d0001"', stored), false)
  assert.equal(etagMatches('', stored), false)
})

test('normalizeEtag strips one level of quotes only', () => {
  assert.equal(normalizeEtag('""x""'), '"x"')
})

test('formatEtag is shaped like Microsoft eTags', () => {
  assert.match(
    formatEtag('0a00b1c2', new Date('2024-03-01T10:00:00Z')),
    /^"0a00b1c2-0000-0100-0000-[0-9a-f]{8}0000"$/,
  )
})
