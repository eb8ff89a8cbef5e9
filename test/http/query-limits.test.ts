// Issue 9: list options that used to answer 500 or hold the server answer 400 invalidRequest naming
// the option, the limit and what was found; filters within the limits still answer 200.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertErrorBody } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { collectionUrl, createReferral, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
before(async () => {
  t = await makeTestApp()
  await createReferral(t.app, partnerLedCreate())
})
after(() => t.close())

const list = (options: Record<string, string>) =>
  send(t.app, 'GET', `${collectionUrl}?${new URLSearchParams(options).toString()}`)

const chain = (count: number, item: (i: number) => string, operator = ' or '): string =>
  Array.from({ length: count }, (_, i) => item(i)).join(operator)

async function assertRefused(
  options: Record<string, string>,
  target: string,
  message: RegExp,
): Promise<void> {
  const body = assertErrorBody(await list(options), 400, 'invalidRequest')
  assert.equal(body.error.target, target)
  assert.match(body.error.message, message)
}

test('property names of Object.prototype answer 400 naming the unknown property', async () => {
  for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
    const unknown = new RegExp(`unknown property '${name}'`)
    await assertRefused({ $filter: `${name} eq 'x'` }, '$filter', unknown)
    await assertRefused({ $orderby: name }, '$orderby', unknown)
    await assertRefused({ $select: `id,${name}` }, '$select', unknown)
  }
  await assertRefused({ $filter: "customerProfile/constructor eq 'x'" }, '$filter', /unknown property/)
  await assertRefused({ $filter: "constructor(name) eq 'x'" }, '$filter', /unknown function 'constructor'/)
})

test('flat chains past the operator limit answer 400 with the limit and the count, before any SQL', async () => {
  const limit = /at most 100 operators \(.*\) are allowed, found /
  await assertRefused({ $filter: chain(1000, () => 'true') }, '$filter', new RegExp(`${limit.source}999$`))
  await assertRefused(
    { $filter: `details/dealValue${' add 1'.repeat(999)} eq 1` },
    '$filter',
    new RegExp(`${limit.source}1000$`),
  )
})

test('more than 20 function calls answer 400 with the count, beside the operator count', async () => {
  const response = await list({ $filter: chain(320, (i) => `contains(name,'u${i}')`) })
  const body = assertErrorBody(response, 400, 'invalidRequest')
  assert.equal(body.error.target, '$filter')
  const messages = (body.error.innerError?.details as { message: string }[]).map((p) => p.message)
  assert.deepEqual(messages, [
    '$filter: at most 100 operators (comparisons, in, and, or, not, arithmetic, any/all) are allowed, found 319',
    '$filter: at most 20 function calls are allowed, found 320',
  ])
})

test('the largest filters the limits allow answer 200', async () => {
  const largest = [
    chain(50, (i) => `name eq 'u${i}'`),
    chain(20, (i) => `contains(name,'u${i}')`),
    `details/dealValue${' mod 7'.repeat(99)} eq 1`,
    `details/dealValue${' div 3'.repeat(99)} eq 1`,
    chain(33, (i) => `team/any(t: t/email eq 'u${i}@x.example')`),
  ]
  for (const filter of largest) {
    const response = await list({ $filter: filter })
    assert.equal(response.statusCode, 200, `${filter.slice(0, 60)}…: ${response.body.slice(0, 300)}`)
  }
})

test('$orderby and $select past their item limits answer 400 with the limit and the count', async () => {
  await assertRefused(
    { $orderby: chain(9, () => 'name', ',') },
    '$orderby',
    /at most 8 keys are allowed, found 9/,
  )
  await assertRefused(
    { $select: chain(65, () => 'id', ',') },
    '$select',
    /at most 64 paths are allowed, found 65/,
  )
})
