// textBuffer writes pieces of text into one Buffer: the same bytes as the joined string's UTF-8.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { textBuffer } from '../../src/http/text-buffer.js'

test('any pieces of well-formed text (every code point, multi-byte ones too) give the UTF-8 of their join', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }), (pieces) => {
      assert.deepEqual(textBuffer(pieces), Buffer.from(pieces.join(''), 'utf8'))
    }),
    { numRuns: 500 },
  )
})

test('no pieces give an empty buffer; a piece of Arabic, CJK and emoji keeps every byte', () => {
  assert.equal(textBuffer([]).length, 0)
  const pieces = ['{"name":"', 'شركة كونتوسو', ' 株式会社 ', '🚀', '"}']
  assert.equal(textBuffer(pieces).toString('utf8'), pieces.join(''))
})
