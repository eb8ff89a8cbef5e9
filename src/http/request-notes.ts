// What cosell itself did to a request besides answering it: a throttle that refused it, a fault
// injected on purpose. The hooks that act note it here; the request journal reads the notes, so a
// client's developer can tell an injected 503 from a real one.
import type { FastifyInstance, FastifyRequest } from 'fastify'

export interface RequestNote {
  /** Who acted: the throttle, or a fault rule. */
  readonly kind: 'throttle' | 'fault'
  /** What it did, for a person: "write budget of tenant … exhausted", "fault f3: 503 for 2 calls". */
  readonly detail: string
  /** The rule's id, when a listed rule applied (a fault's id). */
  readonly rule?: string
}

declare module 'fastify' {
  interface FastifyRequest {
    notes: RequestNote[] | undefined
  }
}

export function registerRequestNotes(app: FastifyInstance): void {
  app.decorateRequest('notes', undefined)
}

export function noteOnRequest(request: FastifyRequest, note: RequestNote): void {
  ;(request.notes ??= []).push(note)
}
