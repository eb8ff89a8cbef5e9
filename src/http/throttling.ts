// The throttle of the public API (spec §11.3): after the authenticator has named the tenant, a
// call over its budget is answered 429 with Retry-After and Partner Center's throttled body (its
// API gateway's, not the documented error body), and goes no further. While every profile is off
// the hook returns before reading anything but one flag.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { callClassOf } from '../domain/throttle/throttle-profile.js'
import { refusalDetail, type Throttle } from '../service/throttle/throttle.js'
import { noteOnRequest } from './request-notes.js'

/** Adds the hook to the scope; register it after the authenticator's. */
export function registerThrottle(scope: FastifyInstance, throttle: Throttle): void {
  scope.addHook('onRequest', throttleHook(throttle))
}

export function throttleHook(throttle: Throttle) {
  // callback style: no promise per request on the hot path
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const tenantId = throttle.active ? request.identity?.tenantId : undefined
    if (tenantId === undefined) return done()
    const refusal = throttle.admit(tenantId, callClassOf(request.method))
    if (!refusal) return done()
    noteOnRequest(request, { kind: 'throttle', detail: refusalDetail(tenantId, refusal) })
    void reply
      .code(429)
      .header('Retry-After', String(refusal.retryAfterSeconds))
      .type('application/json; charset=utf-8')
      .send(throttledBody(refusal.retryAfterSeconds))
  }
}

/** Word for word the body api.partnercenter.microsoft.com was seen to send (spec §11.3), as a template for every N. */
export function throttledBody(seconds: number): { statusCode: 429; message: string } {
  return { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` }
}
