// Errors the Referrals API answers with (the documented error body), as one typed exception.

/** Documented `error.code` values, plus the `unAuthorized` spelling of the documentation's own example. */
export type ErrorCode =
  | 'accessDenied'
  | 'generalException'
  | 'invalidRequest'
  | 'itemNotFound'
  | 'preconditionFailed'
  | 'resourceModified'
  | 'serviceNotAvailable'
  | 'unauthenticated'
  | 'unAuthorized'
  | 'methodNotAllowed'
  | 'payloadTooLarge'
  | 'unsupportedMediaType'
  | 'tooManyRequests'
  | 'insufficientStorage'

export interface ProblemDetail {
  readonly code: string
  readonly target: string
  readonly message: string
  readonly allowedValues?: readonly string[]
}

/** What the client knew of the call beside the answer's body. */
export interface ApiErrorContext {
  readonly requestId?: string | undefined
  readonly correlationId?: string | undefined
  readonly retryAfterMs?: number | undefined
}

/**
 * A non-2xx answer: the HTTP status and Microsoft's error body (`code`, `message`, `target`,
 * `innerError`), the server's request id and the `MS-CorrelationId` the call was sent with.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | (string & Record<never, never>) // documented codes autocomplete; others still fit
  readonly target: string | undefined
  readonly innerError: { code?: string; message?: string; details?: unknown } | undefined
  /** The answer's `Request-ID` (or `MS-RequestId`): quote it when asking the service's support. */
  readonly requestId: string | undefined
  /** The `MS-CorrelationId` of the call (all its attempts). */
  readonly correlationId: string | undefined
  /** The least wait the server asked for before trying again (429/503 with Retry-After), in ms. */
  readonly retryAfterMs: number | undefined

  constructor(status: number, body: unknown, context: ApiErrorContext = {}) {
    const error = (body as { error?: Record<string, unknown> } | undefined)?.error
    super(typeof error?.message === 'string' ? error.message : (throttledMessage(body) ?? `HTTP ${status}`))
    this.name = 'ApiError'
    this.status = status
    this.code = typeof error?.code === 'string' ? error.code : `http${status}`
    this.target = typeof error?.target === 'string' ? error.target : undefined
    this.innerError = error?.innerError as ApiError['innerError']
    this.requestId = context.requestId
    this.correlationId = context.correlationId
    this.retryAfterMs = context.retryAfterMs
  }

  /** Every problem of a 400 invalidRequest: field path, rule and allowed values. */
  get problems(): ProblemDetail[] {
    const details = this.innerError?.details
    return Array.isArray(details) ? details.filter(isProblem) : []
  }
}

// Other errors carry other details (a 409 domainTaken names the domain and its owner).
function isProblem(detail: unknown): detail is ProblemDetail {
  const { target, message } = (detail ?? {}) as Record<string, unknown>
  return typeof target === 'string' && typeof message === 'string'
}

// Partner Center's gateway throttles with `{ "statusCode": 429, "message": "Rate limit is exceeded. …" }`,
// not Microsoft's error body (its API throttling guidance).
function throttledMessage(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | undefined)?.message
  return typeof message === 'string' ? message : undefined
}
