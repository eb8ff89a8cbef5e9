// Faults on demand (issue 10 item 5): rules added through /_cosell/faults make the public API
// answer 429, 500, 503 or 412, wait, or drop the connection, for the calls they match, when they
// say; the admin API is never affected.
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, beforeEach, describe, test } from 'node:test'
import { assertErrorBody, assertInvalidRequest } from '../support/error-body.js'
import { collectionUrl, createReferral, itemUrl, replace, send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

interface FaultView {
  id: string
  seed: number
  matched: number
  fired: number
  remaining: number | null
  spent: boolean
  [field: string]: unknown
}

describe('faults on demand', () => {
  let t: TestApp
  let slept: number[]
  const apps: TestApp[] = []
  beforeEach(async () => {
    slept = []
    t = await makeTestApp({ faultSleep: (ms) => Promise.resolve(slept.push(ms)) })
    apps.push(t)
  })
  after(async () => {
    for (const app of apps) await app.close()
  })

  const addFault = async (rule: object): Promise<FaultView> => {
    const res = await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: rule })
    assert.equal(res.statusCode, 201, res.body)
    return res.json<FaultView>()
  }
  const faults = async (): Promise<FaultView[]> =>
    (await t.app.inject({ method: 'GET', url: '/_cosell/faults' })).json<{ value: FaultView[] }>().value
  const list = (tid = tenantA) => send(t.app, 'GET', collectionUrl, { tid })

  test('a 429 answers with Retry-After and Partner Center throttled body', async () => {
    await addFault({ status: 429, retryAfter: 7, operation: 'listReferrals' })
    const res = await list()
    assert.equal(res.statusCode, 429)
    assert.equal(res.headers['retry-after'], '7')
    assert.deepEqual(res.json(), {
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 7 seconds.',
    })
  })

  test('a 500 answers generalException carrying the Request-ID, as an unexpected failure does', async () => {
    await addFault({ status: 500 })
    const res = await list()
    const body = assertErrorBody(res, 500, 'generalException')
    assert.match(body.error.message, new RegExp(String(res.headers['request-id'])))
    assert.equal(body.error.innerError?.code, 'generalException')
  })

  test('a 503 answers serviceNotAvailable with Retry-After (default 1 s)', async () => {
    await addFault({ status: 503 })
    const res = await list()
    assertErrorBody(res, 503, 'serviceNotAvailable')
    assert.equal(res.headers['retry-after'], '1')
  })

  test('a 412 on PATCH gives the body of a real eTag mismatch, and the referral is unchanged', async () => {
    const referral = await createReferral(t.app)
    const real = await send(t.app, 'PATCH', itemUrl(referral.id), {
      body: [replace('/name', 'Renamed')],
      headers: { 'if-match': '"stale"' },
    })
    await addFault({ status: 412, route: 'PATCH /v1.0/engagements/referrals/*' })
    const injected = await send(t.app, 'PATCH', itemUrl(referral.id), {
      body: [replace('/name', 'Renamed')],
      headers: { 'if-match': referral.eTag },
    })
    assertErrorBody(injected, 412, 'preconditionFailed')
    assert.deepEqual(injected.json(), real.json())
    const read = await send(t.app, 'GET', itemUrl(referral.id))
    assert.equal(read.json<{ name: string }>().name, referral.name)
  })

  test('a 412 rule on a GET, or on no write at all, is refused naming the rule', async () => {
    for (const rule of [
      { status: 412, operation: 'getReferral' },
      { status: 412, route: 'GET /v1.0/engagements/referrals/*' },
      { status: 412 },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: rule })
      const problems = assertInvalidRequest(res, [
        {
          target: 'operation' in rule ? 'operation' : 'route' in rule ? 'route' : 'status',
          allowed: ['updateReferral', 'replaceReferral'],
        },
      ])
      assert.equal(problems[0]?.code, 'preconditionOnWrite')
    }
    assert.deepEqual(await faults(), [])
  })

  test('latency waits the fixed delay through the timer, then the call is answered as usual', async () => {
    await addFault({ latency: 250 })
    const res = await list()
    assert.equal(res.statusCode, 200)
    assert.deepEqual(slept, [250])
  })

  test('latency then a status: the delay first, then the answer', async () => {
    await addFault({ latency: { distribution: 'uniform', min: 100, max: 200 }, status: 503, seed: 3 })
    const res = await list()
    assert.equal(res.statusCode, 503)
    assert.equal(slept.length, 1)
    assert.ok(slept[0]! >= 100 && slept[0]! <= 200, `slept ${slept[0]}`)
  })

  test('a rule matches by operation under every path alias, and not other operations', async () => {
    const referral = await createReferral(t.app)
    await addFault({ status: 500, operation: 'getReferral' })
    assert.equal((await send(t.app, 'GET', itemUrl(referral.id))).statusCode, 500)
    assert.equal((await send(t.app, 'GET', `/v1.0/engagments/referrals/${referral.id}`)).statusCode, 500)
    assert.equal((await send(t.app, 'GET', `/v1.0/referrals/${referral.id}`)).statusCode, 500)
    assert.equal((await list()).statusCode, 200)
    assert.equal((await faults())[0]?.fired, 3)
  })

  test('a rule matches by route pattern as the client sent it', async () => {
    const referral = await createReferral(t.app)
    await addFault({ status: 503, route: 'get /v1.0/engagements/referrals/*' })
    assert.equal((await send(t.app, 'GET', `${itemUrl(referral.id)}/`)).statusCode, 503)
    assert.equal((await list()).statusCode, 200) // * is one segment: the collection is not matched
    assert.equal((await send(t.app, 'GET', `/v1.0/referrals/${referral.id}`)).statusCode, 200)
  })

  test('a rule matches by tenant', async () => {
    await addFault({ status: 503, tenant: tenantB.toUpperCase() })
    assert.equal((await list(tenantA)).statusCode, 200)
    assert.equal((await list(tenantB)).statusCode, 503)
  })

  test('times N: the next N matching calls, then the rule is spent and the list says so', async () => {
    const rule = await addFault({ status: 503, times: 2, operation: 'listReferrals' })
    assert.deepEqual([rule.remaining, rule.spent], [2, false])
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await list()).statusCode)
    assert.deepEqual(statuses, [503, 503, 200, 200])
    const [listed] = await faults()
    assert.deepEqual(
      { matched: listed?.matched, fired: listed?.fired, remaining: listed?.remaining, spent: listed?.spent },
      { matched: 2, fired: 2, remaining: 0, spent: true },
    )
  })

  test('probability under a seed: the same seed gives the same sequence; p=0 never, p=1 always', async () => {
    const outcomes = async (rule: object): Promise<number[]> => {
      await t.app.inject({ method: 'DELETE', url: '/_cosell/faults' })
      await addFault(rule)
      const statuses = []
      for (let i = 0; i < 20; i++) statuses.push((await list()).statusCode)
      return statuses
    }
    const first = await outcomes({ status: 503, probability: 0.5, seed: 42 })
    assert.deepEqual(await outcomes({ status: 503, probability: 0.5, seed: 42 }), first)
    assert.ok(first.includes(503) && first.includes(200), `a fair coin over 20 calls: ${first.join(' ')}`)
    assert.notDeepEqual(await outcomes({ status: 503, probability: 0.5, seed: 7 }), first)
    assert.ok((await outcomes({ status: 503, probability: 0, seed: 1 })).every((s) => s === 200))
    assert.ok((await outcomes({ status: 503, probability: 1, seed: 1 })).every((s) => s === 503))
  })

  test('probability among the next N: N matching calls are drawn, then the rule is spent', async () => {
    await addFault({ status: 503, probability: 0.5, times: 10, seed: 42 })
    for (let i = 0; i < 15; i++) await list()
    const [rule] = await faults()
    assert.equal(rule?.matched, 10)
    assert.equal(rule?.spent, true)
    const fired = rule?.fired ?? 0
    assert.ok(fired > 0 && fired < 10, `fired ${fired} of 10`)
  })

  test('rules are listed, read, deleted one by one and cleared; ids are not reused', async () => {
    const a = await addFault({ status: 500 })
    const b = await addFault({ latency: 10, seed: 9 })
    assert.deepEqual(
      (await faults()).map((f) => f.id),
      [a.id, b.id],
    )
    const got = await t.app.inject({ method: 'GET', url: `/_cosell/faults/${b.id}` })
    assert.deepEqual(got.json(), { ...b })
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/_cosell/faults/${a.id}` })).statusCode, 204)
    assertErrorBody(
      await t.app.inject({ method: 'GET', url: `/_cosell/faults/${a.id}` }),
      404,
      'itemNotFound',
    )
    const cleared = await t.app.inject({ method: 'DELETE', url: '/_cosell/faults' })
    assert.deepEqual(cleared.json(), { removed: 1 })
    assert.deepEqual(await faults(), [])
    const c = await addFault({ status: 500 })
    assert.ok(![a.id, b.id].includes(c.id))
  })

  test('the admin API is never affected, so a fault can always be removed', async () => {
    await addFault({ status: 503, route: '* /**' })
    assert.equal((await list()).statusCode, 503)
    assert.equal((await t.app.inject({ method: 'GET', url: '/_cosell/faults' })).statusCode, 200)
    assert.equal((await t.app.inject({ method: 'GET', url: '/_cosell/clock' })).statusCode, 200)
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/_cosell/faults' })).statusCode, 200)
    assert.equal((await list()).statusCode, 200)
  })

  test('a bad rule is refused with every problem at once, each naming field, rule and allowed values', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/_cosell/faults',
      payload: {
        route: 'FETCH /x',
        operation: 'deleteReferral',
        status: 404,
        latency: { distribution: 'gamma' },
        probability: 2,
        times: 0,
        colour: 'red',
      },
    })
    const problems = assertInvalidRequest(res, [
      { target: 'route', allowed: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*'] },
      {
        target: 'operation',
        allowedIncludes: ['listReferrals', 'getReferral', 'updateReferral', 'replaceReferral'],
      },
      { target: 'status', allowed: ['429', '500', '503', '412'] },
      { target: 'latency.distribution', allowed: ['fixed', 'uniform', 'normal', 'lognormal'] },
      { target: 'probability' },
      { target: 'times' },
      { target: 'colour', allowedIncludes: ['route', 'operation', 'tenant', 'status', 'seed'] },
    ])
    assert.equal(problems.length, 7)
  })

  test('a rule without an effect, or with a status and a drop, is refused', async () => {
    assertInvalidRequest(
      await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: { times: 2 } }),
      [{ target: 'body' }],
    )
    assertInvalidRequest(
      await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: { status: 500, drop: true } }),
      [{ target: 'drop' }],
    )
  })

  test('at most 100 rules', async () => {
    for (let i = 0; i < 100; i++) await addFault({ latency: 1 })
    const res = await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: { latency: 1 } })
    assertInvalidRequest(res, [{ target: 'faults' }])
  })

  test('each applied fault is noted on the request for the journal', async () => {
    const seen: unknown[] = []
    t.app.addHook('onResponse', (request, _reply, done) => {
      if (request.url.startsWith(collectionUrl)) seen.push(request.notes)
      done()
    })
    await addFault({ latency: 5, seed: 1 })
    await addFault({ status: 503, times: 1 })
    await list()
    assert.deepEqual(seen, [
      [
        { kind: 'fault', rule: 'f1', detail: 'f1: 5 ms latency' },
        { kind: 'fault', rule: 'f2', detail: 'f2: 503 (Retry-After 1), call 1 of 1' },
      ],
    ])
  })
})

describe('faults on demand: dropping the connection', () => {
  test('a real client sees the connection closed without a response', async () => {
    const t = await makeTestApp()
    try {
      await t.app.inject({ method: 'POST', url: '/_cosell/faults', payload: { drop: true } })
      await t.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = t.app.server.address() as AddressInfo
      const outcome = await new Promise<string>((resolve) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: collectionUrl, headers: authHeaders() },
          (res) => resolve(`answered ${res.statusCode}`),
        )
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
        req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
        req.end()
      })
      assert.equal(outcome, 'ECONNRESET')
    } finally {
      await t.close()
    }
  })
})

function authHeaders(): Record<string, string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return {
    authorization: `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part({ tid: tenantA, upn: 'a@b.example' })}.`,
  }
}
