// Errors the Referrals API answers with (the documented error body), as one typed exception.

/** Documented `error.code` values, plus the `unAuthorized` spelling of the documentation's own example (decision 21). */
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

  constructor(status: number, body: unknown, requestId: string | undefined) {
    const error = (body as { error?: Record<string, unknown> } | undefined)?.error
    super(typeof error?.message === 'string' ? error.message : `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = typeof error?.code === 'string' ? error.code : `http${status}`
    this.target = typeof error?.target === 'string' ? error.target : undefined
    this.innerError = error?.innerError as ApiError['innerError']
    this.requestId = requestId
  }

  /** Every problem of a 400 invalidRequest: field path, rule and allowed values. */
  get problems(): ProblemDetail[] {
    const details = this.innerError?.details
    return Array.isArray(details) ? (details as ProblemDetail[]) : []
  }
}
