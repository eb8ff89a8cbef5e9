// The vocabulary of the OpenAPI generator: an operation described in a few lines, and helpers for
// the parts every operation repeats (JSON bodies, error answers, security).
import type { TSchema } from 'typebox'
import { ErrorBodySchema, ThrottledBodySchema } from './wire-schemas.js'

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete'

export interface Operation {
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  readonly parameters?: readonly object[]
  readonly requestBody?: object
  readonly responses: Readonly<Record<string, object>>
  readonly security?: readonly object[]
  /** Marks a route of cosell's own, beyond Microsoft's API. */
  readonly 'x-cosell-extension'?: true
}

export type Paths = Readonly<Record<string, Partial<Record<Method, Operation>>>>

export const json = (schema: TSchema) => ({ content: { 'application/json': { schema } } })

export const jsonBody = (schema: TSchema, description?: string) => ({
  required: true,
  ...(description === undefined ? {} : { description }),
  ...json(schema),
})

export const ok = (description: string, schema?: TSchema) => ({
  description,
  ...(schema === undefined ? {} : json(schema)),
})

const errorMeaning: Readonly<Record<number, string>> = {
  400: 'The request is not valid; innerError.details lists every problem (field path, rule, allowed values).',
  401: 'No bearer token, or one that is not accepted.',
  403: 'The caller may not do this.',
  404: 'No such resource, or one the caller may not see.',
  409: 'The change conflicts with what is stored (for example a domain another organisation holds).',
  412: 'If-Match does not match the current eTag.',
  500: 'An unexpected failure; the message carries the Request-ID.',
  503: 'The server cannot take the request now (every reader busy, a write held too long, or a damaged database); Retry-After says when to try again where it can.',
  507: 'The disk is full: nothing of the request was stored.',
}

/** Error answers, each with Microsoft's documented error body. */
export function errors(...statuses: number[]): Record<string, object> {
  return Object.fromEntries(
    statuses.map((status) => [String(status), ok(errorMeaning[status] ?? 'An error.', ErrorBodySchema)]),
  )
}

/** The throttle's refusal, on every route of the public API (COSELL_THROTTLE, /_cosell/throttling). */
export const throttled = {
  '429': {
    description:
      "The tenant's budget is spent (when a throttle profile is on): nothing was done. Retry-After and the message say in how many seconds a call will pass.",
    headers: {
      'Retry-After': { description: 'Whole seconds, at least 1.', schema: { type: 'integer', minimum: 1 } },
    },
    ...json(ThrottledBodySchema),
  },
} as const

export const pathParameter = (name: string, description: string, pattern?: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', ...(pattern === undefined ? {} : { pattern }) },
})

/** A partner's bearer token (Entra-like, or any well-formed JWT in emulator mode). */
export const partnerSecurity = [{ partnerToken: [] }] as const

/** The admin token, or nothing from a loopback client in emulator mode. */
export const adminSecurity = [{ adminToken: [] }, {}] as const

/** An operation of the admin API under /_cosell: admin security, marked as a cosell extension. */
export const adminOperation = (operation: Omit<Operation, 'security' | 'x-cosell-extension'>): Operation => ({
  ...operation,
  security: adminSecurity,
  'x-cosell-extension': true,
})
