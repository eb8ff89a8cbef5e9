// Applies the fault rules (/_cosell/faults) to the public API. It runs as an onRequest hook after
// the authenticator, so a rule can name the caller's tenant, and before the throttle, so an
// injected 503 is what the client sees. The admin API is another scope: faults never reach it, or
// they could not be removed. Delays are timers: a slow call holds no other.
import { setTimeout as sleepMs } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CosellError, preconditionFailed, unexpectedFailure } from '../../domain/errors.js'
import type { FaultAction, FaultRules } from '../../service/fault-rules.js'
import { discardBody, stillSending } from '../discard-body.js'
import { sendError } from '../error-envelope.js'
import { noteOnRequest } from '../request-notes.js'
import { sendThrottled } from '../throttling.js'
import { operationNamer } from './public-operations.js'

export interface FaultHookOptions {
  /** Every path prefix the referral routes are registered under (app.ts `referralPrefixes`). */
  readonly prefixes: readonly string[]
  /** How a delay is waited; tests pass one that records it. */
  readonly sleep?: (ms: number) => Promise<unknown>
}

export function registerFaultHook(api: FastifyInstance, faults: FaultRules, options: FaultHookOptions): void {
  const operationOf = operationNamer(options.prefixes)
  const sleep = options.sleep ?? sleepMs
  const apply = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const actions = faults.decide({
      method: request.method,
      path: request.url,
      operation: operationOf(request.method, request.routeOptions.url ?? ''),
      tenant: request.identity?.tenantId,
    })
    for (const action of actions) {
      noteOnRequest(request, { kind: 'fault', rule: action.rule, detail: action.detail })
      if (action.delayMs > 0) await sleep(action.delayMs)
      if (action.drop) return (dropConnection(request, reply), true)
      if (action.status !== undefined) return (await answer(request, reply, action), true)
    }
    return false
  }
  // callback style: with no rule set, no promise per request on the hot path
  api.addHook('onRequest', (request, reply, done) => {
    if (!faults.active) return done()
    apply(request, reply).then((answered) => (answered ? undefined : done()), done)
  })
}

/** Closes the socket with no answer at all, as a proxy or a crashed instance would. */
function dropConnection(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack() // nothing after this hook runs, and Fastify sends nothing
  request.raw.socket?.destroy()
  return reply
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  action: FaultAction,
): Promise<FastifyReply> {
  if (stillSending(request.raw)) {
    await discardBody(request.raw) // answering over an unread upload resets the client (discard-body.ts)
    void reply.header('Connection', 'close')
  }
  switch (action.status) {
    case 429:
      return sendThrottled(reply, action.retryAfter)
    case 500:
      return sendError(reply, unexpectedFailure(request.id))
    case 503:
      return sendError(reply, unavailable(action.retryAfter))
    default:
      return sendError(reply, preconditionFailed())
  }
}

function unavailable(seconds: number): CosellError {
  return new CosellError(
    'serviceNotAvailable',
    `The service is temporarily unavailable; try again in ${seconds} s.`,
    'request',
    undefined,
    seconds,
  )
}
