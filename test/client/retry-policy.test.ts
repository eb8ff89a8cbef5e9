// The SDK's retry promises (issue 16 item 4), against a scripted server on 127.0.0.1 that records
// when requests arrive: never earlier than Retry-After, POST and PATCH never repeated after the
// server may have acted, back-off and jitter within their documented bounds, a bounded budget,
// and an abort that ends a wait. Real waits are 1–2 s; the others go through an injected sleep.
import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import { ApiError, HttpClient, sleepAtLeast, type RetryOptions } from '../../src/client/index.js'
import { httpDate, scriptedServer, type ScriptedServer, type Step } from '../support/scripted-server.js'

const servers: ScriptedServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function serve(...steps: Step[]): Promise<ScriptedServer> {
  const server = await scriptedServer(steps)
  servers.push(server)
  return server
}

/** A client whose waits are recorded and skipped (unless `retry.sleep` is given). */
function client(url: string, retry: RetryOptions = {}): { http: HttpClient; waits: number[] } {
  const waits: number[] = []
  const sleep = (ms: number) => {
    waits.push(ms)
    return Promise.resolve()
  }
  return { http: new HttpClient({ baseUrl: url, retry: { sleep, random: () => 0, ...retry } }), waits }
}

const throttled = (retryAfter: string): Step => ({ status: 429, headers: { 'retry-after': retryAfter } })
const unavailable = (headers: Record<string, string> = {}): Step => ({
  status: 503,
  headers,
  body: { error: { code: 'serviceNotAvailable', message: 'Try later.', target: 'referrals' } },
})

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('the request succeeded'),
    (error: unknown) => error,
  )
}

describe('SDK retries: never earlier than Retry-After', () => {
  test('a 429 with Retry-After in seconds is retried once the seconds have run out', async () => {
    const server = await serve(throttled('1'))
    const http = new HttpClient({ baseUrl: server.url })
    const answer = await http.request('GET', '/v1.0/engagements/referrals')
    assert.equal(answer.status, 200)
    assert.equal(server.arrivals.length, 2)
    assert.ok(server.arrivals[1]!.at - server.sent[0]! >= 1000, 'retried before Retry-After ran out')
  })

  test('an HTTP-date Retry-After is read against the server’s Date, not a skewed local clock', async () => {
    const skew = -3_600_000 // the server's clock is an hour behind ours
    const server = await serve(({ epochMs }) => {
      const date = Math.floor((epochMs + skew) / 1000) * 1000
      return { status: 429, date, headers: { 'retry-after': httpDate(date + 2000) } }
    })
    const http = new HttpClient({ baseUrl: server.url })
    await http.request('GET', '/v1.0/engagements/referrals')
    assert.equal(server.arrivals.length, 2)
    const serverClock = (epochMs: number) => epochMs + skew
    const retryAt = Math.floor(serverClock(server.arrivals[0]!.epochMs) / 1000) * 1000 + 2000
    assert.ok(serverClock(server.arrivals[1]!.epochMs) >= retryAt, 'retried before the date the server named')
  })

  test('an HTTP-date Retry-After without a Date header is read against the local clock', async () => {
    const now = Date.UTC(2026, 2, 1, 10, 0, 0)
    const server = await serve({ status: 429, date: false, headers: { 'retry-after': httpDate(now + 3000) } })
    const { http, waits } = client(server.url, { now: () => now })
    await http.request('GET', '/')
    assert.deepEqual(waits, [3000])
  })

  test('an HTTP-date Retry-After already past retries at once', async () => {
    const server = await serve(({ epochMs }) => ({
      status: 429,
      date: epochMs,
      headers: { 'retry-after': httpDate(epochMs - 10_000) },
    }))
    const { http, waits } = client(server.url)
    await http.request('GET', '/')
    assert.deepEqual(waits, [0])
    assert.equal(server.arrivals.length, 2)
  })

  test('the obsolete HTTP-date forms (RFC 850, asctime) are honoured too', async () => {
    const server = await serve(
      {
        status: 503,
        date: Date.UTC(1994, 10, 6, 8, 49, 30),
        headers: { 'retry-after': 'Sunday, 06-Nov-94 08:49:37 GMT' },
      },
      {
        status: 503,
        date: Date.UTC(1994, 10, 6, 8, 49, 30),
        headers: { 'retry-after': 'Sun Nov  6 08:49:39 1994' },
      },
    )
    const { http, waits } = client(server.url, { now: () => Date.UTC(2026, 0, 1) })
    await http.request('GET', '/')
    assert.deepEqual(waits, [7000, 9000])
  })
})

describe('SDK retries: which requests are repeated', () => {
  for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']) {
    test(`${method} is retried on 503, on 429 and after a connection reset`, async () => {
      const server = await serve(unavailable({ 'retry-after': '1' }), throttled('1'), 'reset')
      const { http, waits } = client(server.url)
      const answer = await http.request(method, '/v1.0/engagements/referrals/x', {
        body: method === 'PUT' ? {} : undefined,
      })
      assert.equal(answer.status, 200)
      assert.deepEqual(
        server.arrivals.map((a) => a.method),
        [method, method, method, method],
      )
      assert.deepEqual(waits, [1000, 1000, 2000]) // Retry-After twice, then the back-off of a third retry
    })
  }

  for (const method of ['POST', 'PATCH']) {
    test(`${method} is retried on 429, when the server refused it unprocessed`, async () => {
      const server = await serve(throttled('1'))
      const { http, waits } = client(server.url)
      assert.equal((await http.request(method, '/v1.0/engagements/referrals', { body: [] })).status, 200)
      assert.equal(server.arrivals.length, 2)
      assert.deepEqual(waits, [1000])
    })

    test(`${method} is not retried on 503, even with Retry-After: the server may have acted`, async () => {
      const server = await serve(unavailable({ 'retry-after': '1' }))
      const { http, waits } = client(server.url)
      const error = await rejection(http.request(method, '/v1.0/engagements/referrals', { body: [] }))
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 503)
      assert.equal(server.arrivals.length, 1)
      assert.deepEqual(waits, [])
    })

    test(`${method} is not retried after a connection reset`, async () => {
      const server = await serve('reset')
      const { http, waits } = client(server.url)
      const error = await rejection(http.request(method, '/v1.0/engagements/referrals', { body: [] }))
      assert.ok(!(error instanceof ApiError))
      assert.equal(server.arrivals.length, 1)
      assert.deepEqual(waits, [])
    })
  }

  test('a refused connection: GET is retried up to maxAttempts, POST is not retried', async () => {
    const closed = await scriptedServer([])
    const url = closed.url
    await closed.close()
    const get = client(url, { maxAttempts: 3 })
    assert.ok((await rejection(get.http.request('GET', '/'))) instanceof TypeError)
    assert.equal(get.waits.length, 2)
    const post = client(url, { maxAttempts: 3 })
    assert.ok((await rejection(post.http.request('POST', '/', { body: {} }))) instanceof TypeError)
    assert.deepEqual(post.waits, [])
  })

  test('retry: false sends a request once', async () => {
    const server = await serve(throttled('0'))
    const http = new HttpClient({ baseUrl: server.url, retry: false })
    assert.equal(((await rejection(http.request('GET', '/'))) as ApiError).status, 429)
    assert.equal(server.arrivals.length, 1)
  })
})

describe('SDK retries: back-off, jitter and budget', () => {
  test('without Retry-After the back-off doubles from baseDelayMs and jitter stays within [d, 2d)', async () => {
    const steps = [unavailable(), unavailable(), unavailable(), unavailable()]
    const low = client((await serve(...steps)).url, { maxAttempts: 5, random: () => 0 })
    await low.http.request('GET', '/')
    assert.deepEqual(low.waits, [500, 1000, 2000, 4000])
    const high = client((await serve(...steps)).url, {
      maxAttempts: 5,
      random: () => 0.999999,
      maxDelayMs: 1500,
    })
    await high.http.request('GET', '/')
    const least = [500, 1000, 1500, 1500] // capped by maxDelayMs before jitter
    high.waits.forEach((wait, i) =>
      assert.ok(wait >= least[i]! && wait < 2 * least[i]!, `wait ${i}: ${wait}`),
    )
  })

  test('jitter on top of Retry-After only adds, at most 10%', async () => {
    const { http, waits } = client((await serve(throttled('1'), throttled('2'))).url, {
      random: () => 0.999999,
    })
    await http.request('GET', '/')
    assert.equal(waits.length, 2)
    assert.ok(waits[0]! >= 1000 && waits[0]! < 1100, `wait ${waits[0]}`)
    assert.ok(waits[1]! >= 2000 && waits[1]! < 2200, `wait ${waits[1]}`)
  })

  test('maxAttempts stops retries; the last ApiError carries status, code, target, inner error and request id', async () => {
    const failing: Step = {
      status: 503,
      headers: { 'request-id': 'req-42' },
      body: {
        error: {
          code: 'serviceNotAvailable',
          message: 'Down.',
          target: 'referrals',
          innerError: { code: '7' },
        },
      },
    }
    const server = await serve(failing, failing, failing, failing)
    const { http, waits } = client(server.url, { maxAttempts: 3 })
    const error = await rejection(http.request('GET', '/'))
    assert.ok(error instanceof ApiError)
    assert.deepEqual(
      [error.status, error.code, error.target, error.innerError, error.requestId, error.message],
      [503, 'serviceNotAvailable', 'referrals', { code: '7' }, 'req-42', 'Down.'],
    )
    assert.equal(server.arrivals.length, 3)
    assert.equal(waits.length, 2)
  })

  test('a Retry-After beyond the remaining wait budget gives up at once, without waiting', async () => {
    const server = await serve(throttled('30'), throttled('30'))
    const { http, waits } = client(server.url, { maxWaitMs: 50_000 })
    const error = await rejection(http.request('GET', '/'))
    assert.ok(error instanceof ApiError)
    assert.deepEqual([error.status, error.retryAfterMs], [429, 30_000])
    assert.deepEqual(waits, [30_000]) // the second 30 s would pass the 50 s budget: no second wait
    assert.equal(server.arrivals.length, 2)
  })

  test('Partner Center’s gateway throttling body gives the ApiError its message', async () => {
    const body = { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' }
    const server = await serve({ status: 429, headers: { 'retry-after': '57' }, body })
    const { http, waits } = client(server.url, { maxWaitMs: 10_000 })
    const error = (await rejection(http.request('POST', '/', { body: {} }))) as ApiError
    assert.deepEqual([error.status, error.code, error.message], [429, 'http429', body.message])
    assert.deepEqual(waits, [])
  })

  test('an abort during a wait ends the request with the abort reason', { timeout: 10_000 }, async () => {
    const server = await serve(throttled('30'))
    const controller = new AbortController()
    const waits: number[] = []
    const sleep = (ms: number, signal?: AbortSignal) => {
      waits.push(ms)
      const waiting = sleepAtLeast(ms, signal)
      setImmediate(() => controller.abort(new Error('stop')))
      return waiting
    }
    const http = new HttpClient({ baseUrl: server.url, signal: controller.signal, retry: { sleep } })
    const error = await rejection(http.request('GET', '/'))
    assert.equal((error as Error).message, 'stop')
    assert.equal(waits.length, 1)
    assert.equal(server.arrivals.length, 1)
  })
})
