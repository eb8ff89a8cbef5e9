// The throttle hook on its own, in a bare Fastify app: it notes each refusal on the request for
// the journal, and while every profile is off it never asks the throttle anything.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import type { CallClass, ThrottleProfile } from '../../src/domain/throttle/throttle-profile.js'
import { registerRequestNotes, type RequestNote } from '../../src/http/request-notes.js'
import { registerThrottle } from '../../src/http/throttling.js'
import { MemoryBuckets } from '../../src/service/throttle/memory-buckets.js'
import { Throttle } from '../../src/service/throttle/throttle.js'
import { ManualMonotonicClock } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

/** A throttle that counts how often the hook asks it to admit a call. */
class CountingThrottle extends Throttle {
  asked = 0
  override admit(tenantId: string, callClass: CallClass) {
    this.asked++
    return super.admit(tenantId, callClass)
  }
}

async function appWith(throttle: Throttle) {
  const app = Fastify()
  const notes: (RequestNote[] | undefined)[] = []
  app.decorateRequest('identity', undefined)
  registerRequestNotes(app)
  app.addHook('onRequest', (request, _reply, done) => {
    request.identity = { tenantId: tenantA, user: 'john', name: undefined, roles: [], trust: 'unverified' }
    done()
  })
  registerThrottle(app, throttle)
  app.addHook('onResponse', (request, _reply, done) => {
    notes.push(request.notes)
    done()
  })
  app.get('/r', () => ({ ok: true }))
  app.post('/r', () => ({ ok: true }))
  await app.ready()
  return { app, notes }
}

const oneWrite: ThrottleProfile = { profile: 'custom', write: { limit: 1, periodSeconds: 60 } }

describe('throttle hook', () => {
  test('a refusal is noted on the request for the journal; a call let through carries no note', async () => {
    const { app, notes } = await appWith(
      new Throttle(oneWrite, new MemoryBuckets(new ManualMonotonicClock())),
    )
    assert.equal((await app.inject({ method: 'POST', url: '/r' })).statusCode, 200)
    assert.equal((await app.inject({ method: 'POST', url: '/r' })).statusCode, 429)
    assert.deepEqual(notes, [
      undefined,
      [
        {
          kind: 'throttle',
          detail: `write budget of tenant ${tenantA} exhausted (1 per 60 s); Retry-After 60 s`,
        },
      ],
    ])
    await app.close()
  })

  test('while every profile is off the throttle is never asked; once one is on it is', async () => {
    const throttle = new CountingThrottle({ profile: 'off' }, new MemoryBuckets(new ManualMonotonicClock()))
    const { app } = await appWith(throttle)
    for (let i = 0; i < 10; i++)
      assert.equal((await app.inject({ method: 'POST', url: '/r' })).statusCode, 200)
    assert.equal(throttle.asked, 0)
    throttle.override(tenantA, oneWrite)
    await app.inject({ method: 'POST', url: '/r' })
    assert.equal(throttle.asked, 1)
    throttle.override(tenantA, undefined)
    await app.inject({ method: 'POST', url: '/r' })
    assert.equal(throttle.asked, 1)
    await app.close()
  })
})
