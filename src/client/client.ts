// The HTTP core of the SDK: base URL, bearer token, JSON, Microsoft's error body as ApiError, and
// retries that honour Retry-After on 429 and 503. Runs wherever global fetch does.
import { ApiError } from './errors.js'

export type TokenProvider = string | (() => string | Promise<string>)

export interface ClientOptions {
  /** e.g. http://localhost:8080 (no trailing slash needed). */
  readonly baseUrl: string
  /** Bearer token for the Referrals API; admin calls may use the admin token. */
  readonly token?: TokenProvider
  /** Retries of 429/503 answers; 0 turns them off. Default 3. */
  readonly retries?: number
  readonly fetch?: typeof fetch
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface ApiResponse<T> {
  readonly status: number
  readonly body: T
  readonly headers: Headers
}

const maxRetryWaitMs = 30_000

export class HttpClient {
  readonly baseUrl: string
  private readonly options: ClientOptions

  constructor(options: ClientOptions) {
    this.options = options
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
  }

  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(/^https?:/.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`)
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    const token = await this.token()
    if (token) headers.authorization = `Bearer ${token}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const init: RequestInit = {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    }
    for (let attempt = 0; ; attempt++) {
      const response = await (this.options.fetch ?? fetch)(url, init)
      const text = await response.text()
      const body = (text === '' ? undefined : JSON.parse(text)) as T
      if (response.ok) return { status: response.status, body, headers: response.headers }
      const wait = retryAfterMs(response)
      if (wait !== undefined && attempt < (this.options.retries ?? 3)) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        continue
      }
      throw new ApiError(response.status, body, response.headers.get('request-id') ?? undefined)
    }
  }

  private async token(): Promise<string | undefined> {
    const token = this.options.token
    return typeof token === 'function' ? await token() : token
  }
}

function retryAfterMs(response: Response): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined
  const seconds = Number(response.headers.get('retry-after') ?? '1')
  return Math.min(maxRetryWaitMs, Math.max(0, Number.isFinite(seconds) ? seconds * 1000 : 1000))
}
