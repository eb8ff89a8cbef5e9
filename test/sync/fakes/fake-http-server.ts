// The HTTP part every CRM fake shares: a node:http server on 127.0.0.1, port 0, that reads each
// request whole, hands it to the fake's handler, keeps a log of what was asked, and can answer the
// next N requests itself (a rate limit, an outage) before the handler sees them again.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRequest {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly text: string
}

export interface FakeAnswer {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export type FakeHandler = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>

interface Interception {
  left: number
  readonly answer: FakeAnswer
  readonly applies: (request: FakeRequest) => boolean
}

export class FakeHttpServer {
  /** Every request answered, in order: method, path and the status sent. */
  readonly log: { method: string; path: string; status: number }[] = []
  private readonly interceptions: Interception[] = []

  private readonly server: Server
  baseUrl = ''

  private constructor(handler: FakeHandler) {
    this.server = createServer((req, res) => this.serve(req, res, handler))
  }

  static async start(handler: FakeHandler): Promise<FakeHttpServer> {
    const fake = new FakeHttpServer(handler)
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve))
    const { port } = fake.server.address() as AddressInfo
    fake.baseUrl = `http://127.0.0.1:${port}`
    return fake
  }

  private serve(req: IncomingMessage, res: ServerResponse, handler: FakeHandler): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', this.baseUrl),
        headers: req.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      }
      void this.answer(request, handler).then((answer) => {
        this.log.push({ method: request.method, path: request.url.pathname, status: answer.status })
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
        const type = answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }
        res.writeHead(answer.status, { ...type, ...answer.headers })
        res.end(text)
      })
    })
  }

  /** The next `count` requests for which `applies` holds get `answer` instead of the handler's. */
  interceptNext(
    count: number,
    answer: FakeAnswer,
    applies: (request: FakeRequest) => boolean = () => true,
  ): void {
    this.interceptions.push({ left: count, answer, applies })
  }

  /** How many logged requests went to paths starting with `prefix`. */
  count(prefix: string, method?: string): number {
    return this.log.filter((r) => r.path.startsWith(prefix) && (method === undefined || r.method === method))
      .length
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())))
  }

  private async answer(request: FakeRequest, handler: FakeHandler): Promise<FakeAnswer> {
    const interception = this.interceptions.find((i) => i.left > 0 && i.applies(request))
    if (interception) {
      interception.left--
      return interception.answer
    }
    try {
      return await handler(request)
    } catch (error) {
      return { status: 500, body: { fakeError: error instanceof Error ? error.message : String(error) } }
    }
  }
}

/** The bearer token of a request, or undefined. */
export function bearerOf(request: FakeRequest): string | undefined {
  return /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
}

/** A form body (`application/x-www-form-urlencoded`) as a map. */
export function formOf(request: FakeRequest): URLSearchParams {
  return new URLSearchParams(request.text)
}

/** The request body read as JSON; undefined when it is empty or not JSON. */
export function jsonOf(request: FakeRequest): unknown {
  try {
    return request.text === '' ? undefined : JSON.parse(request.text)
  } catch {
    return undefined
  }
}
