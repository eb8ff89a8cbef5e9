// A tiny HTTP server on 127.0.0.1 that answers a script, one step per request, and records when
// each request arrived and each answer left by its own clocks: for the SDK's retry tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One answer; `date: false` sends no Date header, a number sends that instant (epoch ms). */
export interface ScriptedAnswer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly date?: number | false
}

/** An answer, `'reset'` (the connection is cut before any answer), or an answer made at arrival. */
export type Step = ScriptedAnswer | 'reset' | ((arrival: Arrival) => ScriptedAnswer)

export interface Arrival {
  readonly method: string
  /** performance.now() when the request arrived. */
  readonly at: number
  /** Date.now() when the request arrived. */
  readonly epochMs: number
}

export interface ScriptedServer {
  readonly url: string
  readonly arrivals: readonly Arrival[]
  /** performance.now() when each answer was handed to the socket (resets have none). */
  readonly sent: readonly number[]
  close(): Promise<void>
}

/** Serves `steps` in order; requests past the end get 200 `{}`. `onArrival` runs before answering. */
export async function scriptedServer(
  steps: readonly Step[],
  onArrival: (arrival: Arrival) => void = () => undefined,
): Promise<ScriptedServer> {
  const arrivals: Arrival[] = []
  const sent: number[] = []
  const server = createServer((request, response) => {
    const arrival = { method: request.method ?? '', at: performance.now(), epochMs: Date.now() }
    arrivals.push(arrival)
    onArrival(arrival)
    const step = steps[arrivals.length - 1] ?? { status: 200, body: {} }
    if (step === 'reset') return void request.socket.destroy()
    answer(request, response, typeof step === 'function' ? step(arrival) : step)
    sent.push(performance.now())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    sent,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function answer(request: IncomingMessage, response: ServerResponse, step: ScriptedAnswer): void {
  request.resume()
  if (step.date === false) response.sendDate = false
  else if (step.date !== undefined) response.setHeader('date', new Date(step.date).toUTCString())
  const body = step.body === undefined ? '' : JSON.stringify(step.body)
  response.writeHead(step.status, {
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...step.headers,
  })
  response.end(body)
}

/** An instant as an IMF-fixdate, the HTTP-date form servers send. */
export const httpDate = (epochMs: number): string => new Date(epochMs).toUTCString()
