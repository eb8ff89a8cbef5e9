// docs/sdk-reference.md is generated from the SDK's declarations: the committed file must be what
// scripts/sdk-reference.ts writes now, so the reference cannot fall behind the code.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { referencePath, renderSdkReference } from '../../scripts/sdk-reference.js'

test('docs/sdk-reference.md is what scripts/sdk-reference.ts generates from src/client now', async () => {
  const committed = readFileSync(referencePath, 'utf8')
  const generated = await renderSdkReference()
  assert.ok(generated.includes('### class `ReferralsApi`'), 'the reference names the SDK’s classes')
  assert.ok(
    committed === generated,
    'docs/sdk-reference.md is out of date: run `npx tsx scripts/sdk-reference.ts` and commit the result',
  )
})
