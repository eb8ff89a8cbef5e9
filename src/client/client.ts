// The HTTP core of the SDK: base URL, bearer token, JSON, Microsoft's error body as ApiError,
// retries by RetryPolicy (Retry-After honoured) and one MS-CorrelationId per call, kept across its
// retries. Runs wherever global fetch and crypto.randomUUID do (Node 20, browsers).
import { ApiError } from './errors.js'
import { RetryPolicy, type RetryOptions } from './retry-policy.js'

/** A bearer token, or a function giving one per call (see `clientCredentials`, `refreshToken`). */
export type TokenProvider = string | (() => string | Promise<string>)

export interface ClientOptions {
  /** e.g. http://localhost:8080 (no trailing slash needed). */
  readonly baseUrl: string
  /** Bearer token for the Referrals API; admin calls may use the admin token. */
  readonly token?: TokenProvider
  /** When and how often to retry (see RetryPolicy); `false` sends every request once. */
  readonly retry?: RetryOptions | false
  /** Ends every request of this client, and any wait before a retry, when it aborts. */
  readonly signal?: AbortSignal
  readonly fetch?: typeof fetch
  /** Names cosell's own client in the activity history (`x-cosell-channel`); other callers leave it out. */
  readonly channel?: 'dashboard' | 'cli' | 'sync'
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as `MS-CorrelationId` on every attempt of this call; default a new UUID per call. */
  readonly correlationId?: string
  /** Ends this request, and any wait before a retry, when it aborts. */
  readonly signal?: AbortSignal
}

export interface ApiResponse<T> {
  readonly status: number
  readonly body: T
  readonly headers: Headers
  /** The `MS-CorrelationId` the call was sent with. */
  readonly correlationId: string
}

interface Answer {
  readonly status: number
  readonly ok: boolean
  readonly headers: Headers
  readonly text: string
}

export class HttpClient {
  readonly baseUrl: string
  private readonly options: ClientOptions
  private readonly retry: RetryPolicy

  constructor(options: ClientOptions) {
    this.options = options
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.retry = new RetryPolicy(options.retry === false ? { maxAttempts: 1 } : options.retry)
  }

  /**
   * Sends one request, retried as RetryPolicy says; resolves with a 2xx answer, rejects with an
   * ApiError for any other status, or with fetch's error when the server could not be reached.
   */
  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = this.url(pathOrUrl, options.query)
    const linked = requestSignal(this.options.signal, options.signal)
    const correlationId = options.correlationId ?? crypto.randomUUID()
    let answer: Answer
    try {
      const init = await this.init(method, options, correlationId, linked.signal)
      answer = await this.retry.run(method, () => this.send(url, init), linked.signal)
    } finally {
      linked.release()
    }
    if (!answer.ok) {
      const requestId = answer.headers.get('request-id') ?? answer.headers.get('ms-requestid') ?? undefined
      const retryAfterMs = this.retry.retryAfter(answer.headers)
      const context = { requestId, correlationId, retryAfterMs }
      throw new ApiError(answer.status, parseError(answer.text), context)
    }
    const body = (answer.text === '' ? undefined : JSON.parse(answer.text)) as T
    return { status: answer.status, body, headers: answer.headers, correlationId }
  }

  private url(pathOrUrl: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(/^https?:/.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`)
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value))
    return url
  }

  private async init(
    method: string,
    options: RequestOptions,
    correlationId: string,
    signal?: AbortSignal,
  ): Promise<RequestInit> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...options.headers,
      'ms-correlationid': correlationId,
    }
    if (this.options.channel) headers['x-cosell-channel'] = this.options.channel
    const token = await this.token()
    if (token) headers.authorization = `Bearer ${token}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    return {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(signal ? { signal } : {}),
    }
  }

  /** One attempt; the body is read inside it, so a connection cut mid-answer counts as a failed attempt. */
  private async send(url: URL, init: RequestInit): Promise<Answer> {
    const response = await (this.options.fetch ?? fetch)(url, init)
    const text = await response.text()
    return { status: response.status, ok: response.ok, headers: response.headers, text }
  }

  private async token(): Promise<string | undefined> {
    const token = this.options.token
    return typeof token === 'function' ? await token() : token
  }
}

// A proxy's HTML 502 is still an ApiError with its status, not a JSON syntax error.
function parseError(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * A signal of this request's own that aborts when any given one does, and lets go of them when the
 * request ends. Fetch listens on the signal it is given until that signal is collected; given a
 * client's long-lived signal, thousands of requests would pile thousands of listeners on it.
 */
function requestSignal(...given: (AbortSignal | undefined)[]): {
  signal: AbortSignal | undefined
  release(): void
} {
  const signals = given.filter((s): s is AbortSignal => s !== undefined)
  if (signals.length === 0) return { signal: undefined, release: () => undefined }
  const controller = new AbortController()
  const listeners = signals.map((signal) => {
    const abort = () => controller.abort(signal.reason)
    if (signal.aborted) abort()
    else signal.addEventListener('abort', abort, { once: true })
    return () => signal.removeEventListener('abort', abort)
  })
  return { signal: controller.signal, release: () => listeners.forEach((stop) => stop()) }
}
