// Issue 9: generated requests of every kind (mutated bodies, JSON Patch documents, OData options,
// odd headers, tokens and ids) never answer 5xx, and a request answered 4xx leaves every stored
// referral as it was (eTag and document). `npm run fuzz` drives the same requests 100,000 at a time.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { fuzzRequest } from '../support/fuzz-requests.js'
import {
  describeOutcome,
  fault,
  freshWhenFull,
  openFuzzTarget,
  send,
  type FuzzTarget,
} from '../support/fuzz-target.js'

let target: FuzzTarget
before(async () => {
  target = await openFuzzTarget()
})
after(() => target.t.close())

test('generated requests never answer 5xx, and a refused one changes no stored referral', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzRequest, fc.nat(), async (request, pick) => {
      target = await freshWhenFull(target)
      const outcome = await send(target, request, pick)
      const found = fault(outcome)
      assert.equal(found, undefined, `${found}: ${describeOutcome(outcome)}`)
    }),
    { numRuns: 2500, seed: 20261204 },
  )
})
