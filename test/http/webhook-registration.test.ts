// The webhook registration API (Partner Center's /webhooks/v1/registration) through inject().
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertErrorBody } from '../support/error-body.js'
import { send } from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA, tenantB } from '../support/tokens.js'

const url = '/webhooks/v1/registration'
let t: TestApp
before(async () => (t = await makeTestApp()))
after(() => t.close())

test('POST creates the tenant’s registration and answers it PascalCase with SubscriberId and lastModifiedTimestamp; GET answers the same', async () => {
  const body = {
    WebhookUrl: 'https://hooks.example.com/a',
    WebhookEvents: ['referral-created', 'referral-updated'],
    signatureTokenToMsSignatureHeader: true,
  }
  const created = await send(t.app, 'POST', url, { body, tid: tenantB })
  assert.equal(created.statusCode, 200, created.body)
  const answer = created.json<Record<string, unknown>>()
  assert.deepEqual(Object.keys(answer), [
    'SubscriberId',
    'WebhookUrl',
    'WebhookEvents',
    'signatureTokenToMsSignatureHeader',
    'lastModifiedTimestamp',
  ])
  assert.equal(answer.SubscriberId, tenantB)
  assert.equal(answer.signatureTokenToMsSignatureHeader, true)
  const read = await send(t.app, 'GET', url, { tid: tenantB })
  assert.deepEqual(read.json(), answer)
})

test('a second POST while a registration exists is refused 409 and leaves it unchanged', async () => {
  const before = (await send(t.app, 'GET', url, { tid: tenantB })).json<unknown>()
  const again = await send(t.app, 'POST', url, {
    body: { WebhookUrl: 'https://other.example.com', WebhookEvents: ['referral-created'] },
    tid: tenantB,
  })
  assertErrorBody(again, 409, 'resourceModified')
  assert.deepEqual((await send(t.app, 'GET', url, { tid: tenantB })).json(), before)
})

test('PUT takes camelCase keys (the REST reference’s spelling), drops duplicate events, and ignores unknown keys', async () => {
  const res = await send(t.app, 'PUT', url, {
    body: {
      webhookUrl: 'https://hooks.example.com/b',
      webhookEvents: ['referral-updated', 'referral-updated'],
      extra: 1,
    },
    tid: tenantB,
  })
  assert.equal(res.statusCode, 200, res.body)
  const answer = res.json<Record<string, unknown>>()
  assert.equal(answer.WebhookUrl, 'https://hooks.example.com/b')
  assert.deepEqual(answer.WebhookEvents, ['referral-updated'])
  assert.equal(answer.signatureTokenToMsSignatureHeader, false)
})

test('a bad registration answers 400 naming every problem at once, with the allowed event names', async () => {
  const res = await send(t.app, 'POST', url, {
    body: { WebhookUrl: 'ftp://x.example.com', WebhookEvents: ['referral-created', 'referral-deleted'] },
  })
  const body = assertErrorBody(res, 400, 'invalidRequest')
  const details = (
    body.error.innerError as { details: { target: string; code: string; allowedValues?: string[] }[] }
  ).details
  assert.deepEqual(details.map((d) => [d.target, d.code]).sort(), [
    ['WebhookEvents[1]', 'enum'],
    ['WebhookUrl', 'scheme'],
  ])
  assert.ok(details.find((d) => d.code === 'enum')!.allowedValues!.includes('related-referral-updated'))
  const empty = await send(t.app, 'POST', url, { body: { WebhookUrl: 'not a url', WebhookEvents: [] } })
  const emptyDetails = (assertErrorBody(empty, 400).error.innerError as { details: { target: string }[] })
    .details
  assert.deepEqual(emptyDetails.map((d) => d.target).sort(), ['WebhookEvents', 'WebhookUrl'])
  assertErrorBody(await send(t.app, 'GET', url), 404, 'itemNotFound') // nothing was stored
})

test('PUT without a registration is 404; DELETE answers 204 and then GET is 404', async () => {
  assertErrorBody(
    await send(t.app, 'PUT', url, {
      body: { WebhookUrl: 'https://a.example.com', WebhookEvents: ['referral-created'] },
    }),
    404,
  )
  assert.equal((await send(t.app, 'DELETE', url, { tid: tenantB })).statusCode, 204)
  assertErrorBody(await send(t.app, 'GET', url, { tid: tenantB }), 404)
  assertErrorBody(await send(t.app, 'DELETE', url, { tid: tenantB }), 404)
})

test('a Referral User may read but not change the registration', async () => {
  const res = await send(t.app, 'POST', url, {
    body: { WebhookUrl: 'https://a.example.com', WebhookEvents: ['referral-created'] },
    tid: tenantA,
    headers: {
      authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ tid: tenantA, upn: 'u@a.example', roles: ['Referral User'] })).toString('base64url')}.`,
    },
  })
  assertErrorBody(res, 403, 'accessDenied')
})

test('GET …/registration/events lists the four referral events and test-created', async () => {
  const res = await send(t.app, 'GET', `${url}/events`)
  assert.deepEqual(res.json(), [
    'referral-created',
    'referral-updated',
    'related-referral-created',
    'related-referral-updated',
    'test-created',
  ])
})

test('the registration API needs the partner’s token; the signing certificate does not', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401)
  const cert = await t.app.inject({ method: 'GET', url: '/webhooks/v1/certificate' })
  assert.equal(cert.statusCode, 200)
  assert.match(cert.body, /^-----BEGIN CERTIFICATE-----/)
})

test('validation events: a third request within a minute answers 429 with Retry-After and Partner Center’s throttled body', async () => {
  assert.equal(
    (
      await send(t.app, 'POST', url, {
        body: { WebhookUrl: 'https://a.example.com', WebhookEvents: ['referral-created'] },
      })
    ).statusCode,
    200,
  )
  const ids: string[] = []
  for (let i = 0; i < 2; i++) {
    const res = await send(t.app, 'POST', `${url}/validationEvents`)
    assert.equal(res.statusCode, 200, res.body)
    ids.push(res.json<{ correlationId: string }>().correlationId)
  }
  const third = await send(t.app, 'POST', `${url}/validationEvents`)
  assert.equal(third.statusCode, 429)
  const wait = Number(third.headers['retry-after'])
  assert.ok(wait >= 1 && wait <= 60)
  assert.deepEqual(third.json(), {
    statusCode: 429,
    message: `Rate limit is exceeded. Try again in ${wait} seconds.`,
  })
  const state = await send(t.app, 'GET', `${url}/validationEvents/${ids[0]}`)
  assert.equal(state.statusCode, 200)
  assert.equal(state.json<{ status: string; eventName: string }>().eventName, 'test-created')
  assertErrorBody(await send(t.app, 'GET', `${url}/validationEvents/${ids[0]}`, { tid: tenantB }), 404) // another tenant's
  assert.equal((await send(t.app, 'POST', `${url}/validationEvents`, { tid: tenantB })).statusCode, 404) // no registration
})

test('a sandbox reset keeps registrations: they are configuration, not sandbox data', async () => {
  const before = (await send(t.app, 'GET', url)).json<unknown>()
  assert.equal((await t.app.inject({ method: 'POST', url: '/_cosell/reset' })).statusCode, 200)
  assert.deepEqual((await send(t.app, 'GET', url)).json<unknown>(), before)
})
