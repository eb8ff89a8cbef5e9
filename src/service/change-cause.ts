// Who a write is recorded as coming from (the change record's actor, channel and request id), from
// what each use case has at hand: the caller of a request, or the policy acting as time passes.
import type { ChangeCause } from '../domain/change/change-record.js'
import type { Caller } from './deps.js'

export function causeOf(caller: Caller): ChangeCause {
  return { actor: caller.user, channel: caller.channel ?? 'api', requestId: caller.requestId ?? null }
}

/** A change cosell makes by itself when its time comes: `actor` names the policy. */
export function timelineCause(actor: string): ChangeCause {
  return { actor, channel: 'timeline', requestId: null }
}
