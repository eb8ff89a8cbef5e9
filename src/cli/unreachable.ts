// A server that does not answer is named with the cause fetch hides behind "fetch failed", and
// with what to do about it; a refused connection is not retried (it would be refused again).
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`)
    this.name = 'UnreachableError'
  }

  /** What to try next: start a local server, or check the address. */
  get hint(): string {
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(this.url)
    return local
      ? 'Start the server with `npm start` (or `npx cosell serve`), or point the CLI at another one with --url or COSELL_URL.'
      : 'Check the URL (--url, COSELL_URL or the profile) and the network.'
  }
}

// Errors before anything was sent: trying again at once would meet the same answer.
const connectCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * A fetch for the SDK that turns a network failure into an UnreachableError naming `baseUrl`; a
 * failure to connect also aborts `controller`, so the client's retry policy gives up at once
 * instead of backing off (a reset after sending is still retried where the policy allows).
 */
export function reachingFetch(baseUrl: string, controller: AbortController): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, init)
    } catch (error) {
      if (init?.signal?.aborted) throw error
      const unreachable = new UnreachableError(baseUrl, causeOf(error))
      if (connectCodes.has(codeOf(error) ?? '')) controller.abort(unreachable)
      throw unreachable
    }
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { cause?: { code?: unknown } }).cause?.code
  return typeof code === 'string' ? code : undefined
}

/** `connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND host`, a TLS or timeout message. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error
  const inner = cause instanceof AggregateError ? (cause.errors[0] as unknown) : cause
  if (inner instanceof Error && inner.message !== '') return inner.message
  const code = (inner as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)
}
