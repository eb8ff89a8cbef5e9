// The throttle of the public API: after the authenticator has named the tenant, a
// call over its budget is answered 429 with Retry-After and Partner Center's throttled body (its
// API gateway's, not the documented error body), and goes no further. While every profile is off
// the hook returns before reading anything but one flag.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { callClassOf } from '../domain/throttle/throttle-profile.js'
import { refusalDetail, type Refusal, type Throttle } from '../service/throttle/throttle.js'
import { noteOnRequest } from './request-notes.js'

/** Adds the hook to the scope; register it after the authenticator's. */
export function registerThrottle(scope: FastifyInstance, throttle: Throttle): void {
  scope.addHook('onRequest', throttleHook(throttle))
}

export function throttleHook(throttle: Throttle) {
  // callback style: no promise per request on the hot path (shared buckets answer one)
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const tenantId = throttle.active ? request.identity?.tenantId : undefined
    if (tenantId === undefined) return done()
    const admission = throttle.admit(tenantId, callClassOf(request.method))
    if (admission === undefined) return done()
    if (!(admission instanceof Promise)) return refuse(request, reply, tenantId, admission)
    admission.then(
      (refusal) => (refusal ? refuse(request, reply, tenantId, refusal) : done()),
      () => done(), // shared buckets fail open themselves; a last guard
    )
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply, tenantId: string, refusal: Refusal): void {
  noteOnRequest(request, { kind: 'throttle', detail: refusalDetail(tenantId, refusal) })
  void sendThrottled(reply, refusal.retryAfterSeconds)
}

/**
 * Partner Center's gateway answer to a throttled call, word for word as api.partnercenter.microsoft.com
 * was seen to send it, for every N: not the API's error body. Injected 429s send it too.
 */
export function sendThrottled(reply: FastifyReply, seconds: number): FastifyReply {
  return reply
    .code(429)
    .header('Retry-After', String(seconds))
    .type('application/json; charset=utf-8')
    .send({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` })
}
