// One exchange with a CRM's REST API: JSON in and out, the bearer token (renewed once when the
// CRM answers 401), retries by the SDK's RetryPolicy, and every failure turned into the
// connector error classes carrying the vendor's own message. Rate limits are retried as 429 is,
// honouring Retry-After, within the policy's bounded attempts and wait; past them they surface as
// CrmUnavailableError with the wait the CRM asked for.
import { RetryPolicy, type RetryOptions } from '../../../client/retry-policy.js'
import { TokenError } from '../../../client/token-endpoint.js'
import { CrmRefusedError, CrmUnavailableError } from '../connector.js'
import type { BearerToken } from './bearer-token.js'

/** What differs between vendors in how they answer. */
export interface VendorDialect {
  /** The CRM's name in messages: `Dataverse`, `Salesforce`, `HubSpot`. */
  readonly name: string
  /** The vendor's own message in an error body, when it has one. */
  errorMessage(body: unknown): string | undefined
  /** An answer other than 429 that means "too many requests" (Salesforce's REQUEST_LIMIT_EXCEEDED). */
  rateLimited?(status: number, body: unknown): boolean
  /** The wait a rate-limited answer without Retry-After asks for, in ms (HubSpot's interval header). */
  waitWithoutRetryAfter?(headers: Headers): number | undefined
}

export interface CrmHttpOptions {
  readonly dialect: VendorDialect
  readonly token: BearerToken
  readonly fetch?: typeof fetch
  readonly retry?: RetryOptions
}

export interface CrmRequest {
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** Statuses besides 2xx the caller handles itself (404 for a missing record, 412 for a conflict). */
  readonly expect?: readonly number[]
}

export interface CrmAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
}

/** One attempt as the retry policy sees it: a rate-limited answer counts as 429 whatever its status. */
interface Attempt {
  readonly status: number
  readonly headers: Headers
  readonly answer: CrmAnswer
  readonly limited: boolean
}

export class CrmHttp {
  private readonly retry: RetryPolicy

  constructor(private readonly options: CrmHttpOptions) {
    this.retry = new RetryPolicy(options.retry)
  }

  get name(): string {
    return this.options.dialect.name
  }

  /** Resolves with a 2xx answer or one of `expect`; rejects with CrmRefusedError or CrmUnavailableError. */
  async request(method: string, url: string, request: CrmRequest = {}): Promise<CrmAnswer> {
    for (let renewed = false; ; renewed = true) {
      const attempt = await this.attempt(method, url, request)
      if (attempt.answer.status === 401 && !renewed && this.options.token.renew()) continue
      return this.accepted(method, url, attempt, request.expect ?? [])
    }
  }

  private async attempt(method: string, url: string, request: CrmRequest): Promise<Attempt> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...request.headers,
      authorization: `Bearer ${await this.bearer()}`,
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    const init: RequestInit = {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    }
    try {
      return await this.retry.run(method, () => this.send(url, init))
    } catch (error) {
      throw new CrmUnavailableError(
        `${this.name} could not be reached (${method} ${pathOf(url)}): ${messageOf(error)}`,
      )
    }
  }

  private async send(url: string, init: RequestInit): Promise<Attempt> {
    const response = await (this.options.fetch ?? fetch)(url, init)
    const body = parseJson(await response.text())
    const answer = { status: response.status, headers: response.headers, body }
    const limited =
      response.status === 429 || (this.options.dialect.rateLimited?.(response.status, body) ?? false)
    if (!limited) return { status: response.status, headers: response.headers, answer, limited }
    return { status: 429, headers: this.withRetryAfter(response.headers), answer, limited }
  }

  private withRetryAfter(headers: Headers): Headers {
    if (headers.has('retry-after')) return headers
    const ms = this.options.dialect.waitWithoutRetryAfter?.(headers)
    if (ms === undefined) return headers
    const copy = new Headers(headers)
    copy.set('retry-after', String(ms / 1000))
    return copy
  }

  private accepted(method: string, url: string, attempt: Attempt, expect: readonly number[]): CrmAnswer {
    const { answer } = attempt
    if ((answer.status >= 200 && answer.status < 300) || expect.includes(answer.status)) return answer
    const said = this.options.dialect.errorMessage(answer.body) ?? 'no message'
    const what = `${method} ${pathOf(url)}`
    if (attempt.limited) {
      const wait = this.retry.retryAfter(attempt.headers)
      throw new CrmUnavailableError(
        `${this.name} refused ${what} for too many requests: ${said}`,
        answer.status,
        wait,
      )
    }
    if (answer.status >= 500 || answer.status === 408) {
      throw new CrmUnavailableError(
        `${this.name} failed ${what} with ${answer.status}: ${said}`,
        answer.status,
      )
    }
    throw new CrmRefusedError(
      `${this.name} refused ${what} with ${answer.status}: ${said}`,
      answer.status,
      answer.body,
    )
  }

  private async bearer(): Promise<string> {
    try {
      return await this.options.token.get()
    } catch (error) {
      const message = `${this.name} sign-in failed: ${messageOf(error)}`
      if (error instanceof TokenError && error.status < 500 && error.status !== 429) {
        throw new CrmRefusedError(message, error.status)
      }
      throw new CrmUnavailableError(message, error instanceof TokenError ? error.status : undefined)
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return text
  }
}

function pathOf(url: string): string {
  const { pathname } = new URL(url)
  return pathname
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
  return `${error.message}${cause}`
}
