// Optimistic concurrency (the documented eTag rules): a new eTag on every write,
// If-Match compared after normalisation, and the check and the write one atomic step, so of many
// writers holding the same eTag exactly one wins and the others get Microsoft's observed 412 body.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { assertErrorBody, assertInvalidRequest } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import {
  assertUnchanged,
  createReferral,
  patchReferral,
  putReferral,
  readReferral,
  type JsonPatchOperation,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

/** The body Microsoft's service sends on an ETag mismatch, byte for byte (the documented eTag rules, a reported real 412). */
const preconditionFailedBody = {
  error: {
    code: 'preconditionFailed',
    message:
      "A precondition provided in the request (such as an if-match header) does not match the resource's current state.",
    target: 'ETag',
    innerError: {
      code: '99918',
      message: 'One of the specified pre-condition is not met. Etag value did not Match',
      details: null,
    },
  },
}

function assertPreconditionFailed(res: LightMyRequestResponse): void {
  assertErrorBody(res, 412, 'preconditionFailed')
  assert.deepEqual(res.json(), preconditionFailedBody)
}

const notes = (value: string): JsonPatchOperation[] => [replace('/details/notes', value)]

let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(async () => {
  await t.close()
})

describe('parallel writers holding the same eTag', () => {
  test('of 20 parallel PATCHes with one If-Match exactly one answers 204 and nineteen answer 412', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const { etag } = await readReferral(t.app, id)
    const writers = Array.from({ length: 20 }, (_, i) => `writer ${i}`)
    const responses = await Promise.all(
      writers.map((writer) => patchReferral(t.app, id, notes(writer), { 'if-match': etag })),
    )
    const winners = responses.flatMap((res, i) => (res.statusCode === 204 ? [writers[i]!] : []))
    assert.equal(winners.length, 1, `statuses: ${responses.map((r) => r.statusCode).join(', ')}`)
    const losers = responses.filter((res) => res.statusCode !== 204)
    assert.equal(losers.length, 19)
    for (const res of losers) assertPreconditionFailed(res)

    const { referral } = await readReferral(t.app, id)
    assert.equal(referral.details.notes, winners[0], "the stored notes are the winner's")
    assert.notEqual(referral.eTag, etag)
  })

  test('of 20 parallel PUTs with one If-Match exactly one answers 200', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const { referral: current, etag } = await readReferral(t.app, id)
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        putReferral(t.app, id, { ...current, name: `deal ${i}` }, { 'if-match': etag }),
      ),
    )
    assert.equal(responses.filter((res) => res.statusCode === 200).length, 1)
    for (const res of responses.filter((r) => r.statusCode !== 200)) assertPreconditionFailed(res)
  })
})

describe('parallel writers without If-Match', () => {
  test('50 concurrent PATCHes without If-Match all answer 204, and all 50 changes are in the referral', async () => {
    const { id } = await createReferral(t.app, { ...partnerLedCreate(), team: [] })
    const members = Array.from({ length: 50 }, (_, i) => ({
      firstName: `Seller`,
      lastName: `${i}`,
      phoneNumber: '1234567890',
      email: `seller.${i}@contoso.com`,
    }))
    const responses = await Promise.all(
      members.map((member) => patchReferral(t.app, id, [{ op: 'add', path: '/team/-', value: member }])),
    )
    assert.deepEqual(
      responses.map((res) => res.statusCode),
      members.map(() => 204),
      responses.find((res) => res.statusCode !== 204)?.body,
    )
    const { referral } = await readReferral(t.app, id)
    assert.deepEqual(referral.team.map((m) => m.email).sort(), members.map((m) => m.email).sort())
  })

  test('concurrent PATCHes with and without If-Match: the unconditional ones all land, one conditional one wins', async () => {
    const { id } = await createReferral(t.app, { ...partnerLedCreate(), team: [] })
    const { etag } = await readReferral(t.app, id)
    const member = (i: number) => ({
      firstName: 'S',
      lastName: `${i}`,
      phoneNumber: '1',
      email: `s.${i}@contoso.com`,
    })
    const unconditional = Array.from({ length: 10 }, (_, i) =>
      patchReferral(t.app, id, [{ op: 'add', path: '/team/-', value: member(i) }]),
    )
    const conditional = Array.from({ length: 10 }, (_, i) =>
      patchReferral(t.app, id, notes(`conditional ${i}`), { 'if-match': etag }),
    )
    const [free, guarded] = await Promise.all([Promise.all(unconditional), Promise.all(conditional)])
    assert.deepEqual(
      free.map((res) => res.statusCode),
      free.map(() => 204),
    )
    const won = guarded.filter((res) => res.statusCode === 204)
    assert.ok(won.length <= 1, `${won.length} conditional writes won with one eTag`)
    for (const res of guarded.filter((r) => r.statusCode !== 204)) assertPreconditionFailed(res)
    const { referral } = await readReferral(t.app, id)
    assert.equal(referral.team.length, 10)
  })
})

describe('If-Match on PUT and PATCH', () => {
  test('PUT without If-Match answers 400 invalidRequest naming If-Match, and changes nothing', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const { referral: before } = await readReferral(t.app, id)
    assertInvalidRequest(await putReferral(t.app, id, { ...before, name: 'No If-Match' }), [
      { target: 'If-Match' },
    ])
    await assertUnchanged(t.app, before)
  })

  test('PUT with an empty If-Match answers 400 naming If-Match', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const { referral: before } = await readReferral(t.app, id)
    const res = await putReferral(t.app, id, { ...before, name: 'Empty If-Match' }, { 'if-match': ' ' })
    assertInvalidRequest(res, [{ target: 'If-Match' }])
    await assertUnchanged(t.app, before)
  })

  test('PUT and PATCH with a stale If-Match answer 412 with the exact body of the documented eTag rules, and change nothing', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    const { etag: stale } = await readReferral(t.app, id)
    assert.equal((await patchReferral(t.app, id, notes('first write'))).statusCode, 204)
    const { referral: current } = await readReferral(t.app, id)

    assertPreconditionFailed(await patchReferral(t.app, id, notes('stale write'), { 'if-match': stale }))
    assertPreconditionFailed(
      await putReferral(t.app, id, { ...current, name: 'stale' }, { 'if-match': stale }),
    )
    await assertUnchanged(t.app, current)
  })

  test('PATCH without If-Match is applied without a check (the documented eTag rules)', async () => {
    const { id } = await createReferral(t.app, partnerLedCreate())
    for (const value of ['one', 'two', 'three']) {
      const res = await patchReferral(t.app, id, notes(value))
      assert.equal(res.statusCode, 204, res.body)
    }
    const { referral } = await readReferral(t.app, id)
    assert.equal(referral.details.notes, 'three')
  })

  test('every write mints a new eTag, and the ETag header always carries the current one', async () => {
    const { id, eTag: created } = await createReferral(t.app, partnerLedCreate())
    const seen = new Set([created])
    for (const value of ['a', 'b']) {
      const res = await patchReferral(t.app, id, notes(value), { prefer: 'return=representation' })
      assert.equal(res.statusCode, 200)
      const { eTag } = res.json<{ eTag: string }>()
      assert.equal(res.headers.etag, eTag)
      assert.ok(!seen.has(eTag), 'an eTag was reused')
      seen.add(eTag)
    }
    const { referral: current, etag } = await readReferral(t.app, id)
    const put = await putReferral(t.app, id, { ...current, name: 'Put' }, { 'if-match': etag })
    assert.equal(put.statusCode, 200)
    assert.ok(!seen.has(String(put.headers.etag)))
    assert.equal(put.headers.etag, put.json<{ eTag: string }>().eTag)
  })
})

describe('If-Match normalisation', () => {
  // The eTag itself contains quotes (the documented request headers): the header value is `"…"`.
  const forms: { name: string; header: (etag: string) => string }[] = [
    { name: 'as the ETag header sent it (quoted)', header: (etag) => etag },
    { name: 'without its quotes', header: (etag) => etag.slice(1, -1) },
    { name: 'as a weak tag W/"…"', header: (etag) => `W/${etag}` },
    { name: 'surrounded by whitespace', header: (etag) => `  ${etag}\t` },
    { name: 'unquoted with a W/ prefix and whitespace', header: (etag) => ` W/${etag.slice(1, -1)} ` },
    { name: 'as *', header: () => '*' },
  ]

  for (const form of forms) {
    test(`If-Match ${form.name} matches the current eTag on PATCH and on PUT`, async () => {
      const { id } = await createReferral(t.app, partnerLedCreate())
      const first = await readReferral(t.app, id)
      const patch = await patchReferral(t.app, id, notes(form.name), { 'if-match': form.header(first.etag) })
      assert.equal(patch.statusCode, 204, patch.body)

      const second = await readReferral(t.app, id)
      const put = await putReferral(
        t.app,
        id,
        { ...second.referral, name: form.name },
        { 'if-match': form.header(second.etag) },
      )
      assert.equal(put.statusCode, 200, put.body)
    })
  }

  const mismatches: { name: string; header: (etag: string) => string }[] = [
    { name: 'another tag', header: () => '"00000000-0000-0100-0000-000000000000"' },
    { name: 'another weak tag', header: () => 'W/"00000000-0000-0100-0000-000000000000"' },
    { name: 'the tag with one character changed', header: (etag) => `${etag.slice(0, -2)}x"` },
  ]
  for (const mismatch of mismatches) {
    test(`If-Match holding ${mismatch.name} answers 412`, async () => {
      const { id } = await createReferral(t.app, partnerLedCreate())
      const { referral: before, etag } = await readReferral(t.app, id)
      assertPreconditionFailed(
        await patchReferral(t.app, id, notes('x'), { 'if-match': mismatch.header(etag) }),
      )
      await assertUnchanged(t.app, before)
    })
  }
})
