// `cosell reset` asks on a terminal, takes --yes, and off a terminal without --yes refuses.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { UsageError } from '../../src/cli/format.js'
import { confirmed, type Prompt } from '../../src/cli/reset.js'

const terminal = (answer: string, asked: string[] = []): Prompt => ({
  interactive: true,
  ask: (question) => {
    asked.push(question)
    return Promise.resolve(answer)
  },
})

test('on a terminal, reset goes ahead only when the user answers y or yes', async () => {
  const asked: string[] = []
  assert.equal(await confirmed('http://localhost:8080', false, terminal('y', asked)), true)
  assert.match(
    asked[0]!,
    /Remove every referral, organisation and user of http:\/\/localhost:8080\? \[y\/N\]/,
  )
  assert.equal(await confirmed('http://x', false, terminal('YES ')), true)
  for (const answer of ['', 'n', 'no', 'yep'])
    assert.equal(await confirmed('http://x', false, terminal(answer)), false, answer)
})

test('--yes does not ask; off a terminal without --yes reset is a usage error naming --yes', async () => {
  const asked: string[] = []
  assert.equal(await confirmed('http://x', true, terminal('n', asked)), true)
  assert.deepEqual(asked, [])
  await assert.rejects(
    confirmed('http://x', false, { interactive: false, ask: () => Promise.reject(new Error('asked')) }),
    (error: unknown) => error instanceof UsageError && /give --yes/.test(error.message),
  )
})
