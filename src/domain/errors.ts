// One error vocabulary for the whole service. Kinds are Microsoft's documented error codes (the
// documented error body); only http/error-envelope.ts knows which HTTP status each one maps to.

/** One thing wrong with a request: where, which rule, and what would have been accepted. */
export interface Problem {
  /** Field path in the request, e.g. `customerProfile.address.country` or `$filter`. */
  readonly target: string
  /** Stable rule name, e.g. `required`, `enum`, `transition`. */
  readonly rule: string
  readonly message: string
  readonly allowedValues?: readonly string[]
}

export type ErrorKind =
  | 'invalidRequest'
  | 'unauthenticated'
  | 'accessDenied'
  | 'itemNotFound'
  | 'methodNotAllowed'
  | 'preconditionFailed'
  | 'resourceModified'
  | 'payloadTooLarge'
  | 'unsupportedMediaType'
  | 'tooManyRequests'
  | 'serviceNotAvailable'
  | 'insufficientStorage'
  | 'generalException'

export interface InnerError {
  readonly code: string
  readonly message: string
  readonly details: unknown
}

export class CosellError extends Error {
  readonly kind: ErrorKind
  readonly target: string
  readonly innerError: InnerError | undefined
  /** When the client may try again, in whole seconds (a Retry-After header), for a passing condition. */
  readonly retryAfterSeconds: number | undefined
  /** Every problem of an invalidRequest (the request journal groups them by rule); else empty. */
  readonly problems: readonly Problem[]

  constructor(
    kind: ErrorKind,
    message: string,
    target: string,
    innerError?: InnerError,
    retryAfterSeconds?: number,
    problems: readonly Problem[] = [],
  ) {
    super(message)
    this.name = 'CosellError'
    this.kind = kind
    this.target = target
    this.innerError = innerError
    this.retryAfterSeconds = retryAfterSeconds
    this.problems = problems
  }
}

const maxMessageLength = 1024 // the documented error body: messages are at most 1024 characters

/** Turns every problem of a request into one 400 that still lists them all. */
export function invalidRequest(problems: readonly Problem[]): CosellError {
  const first = problems[0]
  if (!first) throw new Error('invalidRequest needs at least one problem')
  const message =
    problems.length === 1
      ? first.message
      : `The request has ${problems.length} problems: ${problems.map((p) => p.message).join(' ')}`
  const inner = {
    code: 'validationFailed',
    message: `${problems.length} problem${problems.length === 1 ? '' : 's'} found in the request.`,
    details: problems.map((p) => ({
      code: p.rule,
      target: p.target,
      message: truncate(p.message), // a message may quote a value the client sent, of any length
      ...(p.allowedValues ? { allowedValues: p.allowedValues } : {}),
    })),
  }
  return new CosellError('invalidRequest', truncate(message), first.target, inner, undefined, problems)
}

export function notFound(what: string, id: string): CosellError {
  return new CosellError('itemNotFound', `${what} '${id}' was not found.`, what.toLowerCase())
}

/** The exact body Microsoft's service sends on an ETag mismatch (the documented eTag rules, a reported real 412). */
export function preconditionFailed(): CosellError {
  return new CosellError(
    'preconditionFailed',
    "A precondition provided in the request (such as an if-match header) does not match the resource's current state.",
    'ETag',
    {
      code: '99918',
      message: 'One of the specified pre-condition is not met. Etag value did not Match',
      details: null,
    },
  )
}

/** A 500 carrying the request id: a bug, or an injected fault (`/_cosell/faults`) that must look like one. */
export function unexpectedFailure(requestId: string): CosellError {
  return new CosellError(
    'generalException',
    `An unexpected error occurred. Request-ID: ${requestId}.`,
    'request',
    {
      code: 'generalException',
      message: `Quote this Request-ID when reporting the problem: ${requestId}.`,
      details: null,
    },
  )
}

function truncate(message: string): string {
  return message.length <= maxMessageLength ? message : `${message.slice(0, maxMessageLength - 1)}…`
}
