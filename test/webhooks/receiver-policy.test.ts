// Server-side request forgery rules for webhook receivers (src/webhooks/receiver-policy.ts).
import assert from 'node:assert/strict'
import type { LookupAddress } from 'node:dns'
import { test } from 'node:test'
import { Receivers, type ReceiverRules } from '../../src/webhooks/receiver-policy.js'

const verify: ReceiverRules = { auth: 'verify', allowPrivate: false, allowedHosts: [] }
const rulesOf = (receivers: Receivers, url: string) => receivers.problems(new URL(url)).map((p) => p.rule)

test('emulator mode allows loopback and private receivers over http', () => {
  const receivers = new Receivers({ ...verify, auth: 'emulator' })
  for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost/x', 'http://10.1.2.3/', 'http://[::1]/'])
    assert.deepEqual(rulesOf(receivers, url), [], url)
})

test('verify mode refuses addresses of this host and private networks, and plain http', () => {
  const receivers = new Receivers(verify)
  const cases: [string, string[]][] = [
    ['https://hooks.example.com/x', []],
    ['http://hooks.example.com/x', ['scheme']],
    ['https://127.0.0.1/x', ['privateAddress']],
    ['https://10.0.0.8/x', ['privateAddress']],
    ['https://172.20.1.1/x', ['privateAddress']],
    ['https://192.168.1.1/x', ['privateAddress']],
    ['https://169.254.169.254/latest/meta-data', ['privateAddress']],
    ['https://100.64.0.1/', ['privateAddress']],
    ['https://[::1]/x', ['privateAddress']],
    ['https://[fd00::1]/x', ['privateAddress']],
    ['https://[::ffff:127.0.0.1]/x', ['privateAddress']],
    ['https://localhost/x', ['privateAddress']],
    ['http://app.localhost/x', ['scheme', 'privateAddress']],
    ['https://8.8.8.8/x', []],
  ]
  for (const [url, expected] of cases) assert.deepEqual(rulesOf(receivers, url), expected, url)
})

test('COSELL_WEBHOOK_ALLOW_PRIVATE and COSELL_WEBHOOK_ALLOWED_HOSTS let them in', () => {
  assert.deepEqual(rulesOf(new Receivers({ ...verify, allowPrivate: true }), 'http://127.0.0.1/x'), [])
  const listed = new Receivers({ ...verify, allowedHosts: ['hooks.internal', '10.1.0.0/16', '::1'] })
  assert.deepEqual(rulesOf(listed, 'http://hooks.internal/x'), [])
  assert.deepEqual(rulesOf(listed, 'http://10.1.200.3/x'), [])
  assert.deepEqual(rulesOf(listed, 'https://[::1]/x'), [])
  assert.deepEqual(rulesOf(listed, 'https://10.2.0.1/x'), ['privateAddress'])
})

test('at send time a name that resolves to a loopback address is refused by the lookup the request connects with', async () => {
  const lookup = new Receivers(verify).lookupFor(new URL('https://localhost/x'))
  assert.ok(lookup)
  const error = await new Promise<Error | null>((resolve) =>
    lookup('localhost', { all: true }, (e: Error | null, _addresses: LookupAddress[] | string) => resolve(e)),
  )
  assert.match(String(error?.message), /resolves to .*which COSELL_AUTH=verify refuses/)
  assert.equal(
    new Receivers({ ...verify, auth: 'emulator' }).lookupFor(new URL('http://localhost/')),
    undefined,
  )
})
