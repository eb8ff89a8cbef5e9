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

export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | (string & Record<never, never>) // documented codes autocomplete; others still fit
  readonly target: string | undefined
  readonly innerError: { code?: string; message?: string; details?: unknown } | undefined
  readonly requestId: string | undefined
  /** The least wait the server asked for before trying again (429/503 with Retry-After), in ms. */
  readonly retryAfterMs: number | undefined

  constructor(status: number, body: unknown, requestId: string | undefined, retryAfterMs?: number) {
    const error = (body as { error?: Record<string, unknown> } | undefined)?.error
    super(typeof error?.message === 'string' ? error.message : (throttledMessage(body) ?? `HTTP ${status}`))
    this.name = 'ApiError'
    this.status = status
    this.code = typeof error?.code === 'string' ? error.code : `http${status}`
    this.target = typeof error?.target === 'string' ? error.target : undefined
    this.innerError = error?.innerError as ApiError['innerError']
    this.requestId = requestId
    this.retryAfterMs = retryAfterMs
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
