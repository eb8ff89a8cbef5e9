import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { CsvError, CsvParser, maxRecordChars, readCsv } from '../../src/bulk/csv-parser.js'
import { csvRecord } from '../../src/bulk/csv-writer.js'

async function parse(...chunks: string[]): Promise<string[][]> {
  const records: string[][] = []
  for await (const record of readCsv(chunks)) records.push(record.fields)
  return records
}

const cases: { name: string; text: string; expected: string[][] }[] = [
  {
    name: 'plain fields and CRLF',
    text: 'a,b\r\nc,d\r\n',
    expected: [
      ['a', 'b'],
      ['c', 'd'],
    ],
  },
  {
    name: 'LF line ends and no final line break',
    text: 'a,b\nc,d',
    expected: [
      ['a', 'b'],
      ['c', 'd'],
    ],
  },
  { name: 'a lone CR ends a line', text: 'a\rb\r', expected: [['a'], ['b']] },
  { name: 'a comma inside quotes', text: '"a,b",c\n', expected: [['a,b', 'c']] },
  { name: 'doubled quotes inside quotes', text: '"say ""hi""",x\n', expected: [['say "hi"', 'x']] },
  {
    name: 'line breaks inside quotes',
    text: '"one\r\ntwo\nthree",x\n',
    expected: [['one\r\ntwo\nthree', 'x']],
  },
  { name: 'empty fields, trailing one included', text: ',a,\n', expected: [['', 'a', '']] },
  { name: 'a quoted empty field is a record', text: '""\n', expected: [['']] },
  { name: 'blank lines are skipped', text: 'a\n\n\r\nb\n', expected: [['a'], ['b']] },
  {
    name: 'a byte order mark before the header',
    text: '\uFEFFDeal Name,x\n',
    expected: [['Deal Name', 'x']],
  },
  { name: 'a quote inside an unquoted field is kept', text: 'ab"c,d\n', expected: [['ab"c', 'd']] },
  { name: 'text after a closing quote is kept', text: '"ab"c,d\n', expected: [['abc', 'd']] },
]

for (const { name, text, expected } of cases) {
  test(`CSV: ${name}`, async () => assert.deepEqual(await parse(text), expected))
}

test('CSV: records split across chunks anywhere read the same as in one chunk', async () => {
  const text = '"a,""b""\r\nc",d\r\ne,"f"\r\n'
  for (let at = 0; at <= text.length; at++)
    assert.deepEqual(await parse(text.slice(0, at), text.slice(at)), [
      ['a,"b"\r\nc', 'd'],
      ['e', 'f'],
    ])
})

test('CSV: an unterminated quoted field is an error naming the line it starts on', async () => {
  await assert.rejects(parse('a\n"b,c\nd\n'), (error: unknown) => {
    assert.ok(error instanceof CsvError)
    assert.equal(error.line, 2)
    return true
  })
})

test('CSV: a record longer than the limit is refused instead of held in memory', () => {
  const parser = new CsvParser()
  assert.throws(() => parser.push(`"${'x'.repeat(maxRecordChars + 1)}`), CsvError)
})

test('CSV: each record remembers the line it starts on', async () => {
  const lines: number[] = []
  for await (const record of readCsv(['a\n"b\nc"\n\nd\n'])) lines.push(record.line)
  assert.deepEqual(lines, [1, 2, 5])
})

test('CSV: writing records then reading them gives the same records (any text, any chunking)', async () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', 'é', '😀') })
  const record = fc.array(field, { minLength: 1, maxLength: 5 })
  await fc.assert(
    fc.asyncProperty(fc.array(record, { maxLength: 8 }), fc.nat(), async (records, cut) => {
      const text = records.map(csvRecord).join('')
      const at = text.length === 0 ? 0 : cut % text.length
      assert.deepEqual(await parse(text.slice(0, at), text.slice(at)), records)
    }),
    { numRuns: 500 },
  )
})
