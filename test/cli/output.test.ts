// What --output prints: CSV quoted as RFC 4180 says, one line for one object, the whole object as JSON.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cell, csvField, printItem, printList, type View } from '../../src/cli/output.js'

function printed(work: () => void): string {
  const lines: string[] = []
  const log = console.log
  console.log = (line: string) => lines.push(line)
  try {
    work()
  } finally {
    console.log = log
  }
  return lines.join('\n')
}

interface Deal {
  id: string
  name: string
  tags: string[]
}

const view: View<Deal> = {
  columns: [
    { header: 'id', value: (d) => d.id },
    { header: 'name', value: (d) => d.name },
    { header: 'tags', value: (d) => d.tags },
  ],
}

const deals: Deal[] = [
  { id: 'a', name: 'Plain', tags: [] },
  { id: 'b', name: 'Says "hi", twice\nand breaks', tags: ['x', 'y'] },
]

test('CSV has a header row and quotes fields holding a comma, a quote or a line break', () => {
  assert.equal(
    printed(() => printList(deals, view, { output: 'csv' })),
    'id,name,tags\na,Plain,\nb,"Says ""hi"", twice\nand breaks","x, y"',
  )
  assert.equal(csvField('"etag"'), '"""etag"""')
  assert.equal(csvField('plain'), 'plain')
})

test('a table pads columns under a header; one object prints as one line; JSON is the whole object', () => {
  assert.equal(
    printed(() => printList([deals[0]!], view, {})),
    'id  name   tags\na   Plain',
  )
  assert.equal(
    printed(() => printItem(deals[1]!, { ...view, line: (d) => `${d.id}: ${d.tags.length} tags` }, {})),
    'b: 2 tags',
  )
  assert.deepEqual(JSON.parse(printed(() => printItem(deals[1]!, view, { output: 'json' }))), deals[1])
  assert.deepEqual(JSON.parse(printed(() => printList(deals, view, { json: true }))), deals)
})

test('a cell shows nothing for null, lists joined, objects as JSON', () => {
  assert.deepEqual([null, undefined, 3, true, ['a', 'b'], { x: 1 }].map(cell), [
    '',
    '',
    '3',
    'true',
    'a, b',
    '{"x":1}',
  ])
})
