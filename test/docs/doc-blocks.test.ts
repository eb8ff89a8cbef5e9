// How the docs test finds the examples it runs: which fences count, and the skip markers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseDocBlocks } from '../support/doc-blocks.js'

const markdown = [
  '# Title', // 1
  '```sh', // 2
  'echo one',
  '```',
  '<!-- docs-test: skip (starts a server of its own) -->', // 5
  '',
  '```bash', // 7
  'npm start',
  '```',
  '```json', // 10
  '{}',
  '```',
  '1. a step', // 13
  '   ```ts', // 14
  '   const a = 1',
  '   ```',
  '<!-- docs-test: skip -->', // 17
  '```sh',
  'echo no reason',
  '```',
  '<!-- docs-test: skip (a reason) -->', // 21
  'text in between',
  '```sh', // 23
  'echo three',
  '```',
].join('\n')

test('sh, bash and ts blocks are found, with their line, language and skip reason; output blocks are not', () => {
  const { blocks } = parseDocBlocks('x.md', markdown)
  assert.deepEqual(
    blocks.map((b) => [b.where, b.language, b.code, b.skip]),
    [
      ['x.md:2', 'sh', 'echo one', undefined],
      ['x.md:7', 'sh', 'npm start', 'starts a server of its own'],
      ['x.md:14', 'ts', 'const a = 1', undefined],
      ['x.md:18', 'sh', 'echo no reason', ''],
      ['x.md:23', 'sh', 'echo three', undefined],
    ],
  )
})

test('a skip marker without a reason, or not right before a block, is a problem', () => {
  const { problems } = parseDocBlocks('x.md', markdown)
  assert.deepEqual(
    problems.map((p) => p.where),
    ['x.md:17', 'x.md:21'],
  )
})
