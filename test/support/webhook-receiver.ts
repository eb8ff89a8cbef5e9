// A webhook receiver on 127.0.0.1 for tests: records every POST (path, headers, raw body) and
// answers what the test asks (a status, or nothing at all: a hang). Waits are bounded.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly json: { EventName: string; ResourceUri: string; ResourceChangeUtcDate: string }
}

export interface Receiver {
  readonly url: string
  readonly received: Received[]
  /** Status answered to each POST (default 200); 'hang' never answers. */
  answer: number | 'hang' | ((r: Received) => number | 'hang')
  /** Resolves once `count` POSTs to `path` (or any path) arrived; fails after `timeoutMs`. */
  waitFor(count: number, path?: string, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const hanging = new Set<ServerResponse>()
  const receiver: Receiver = {
    url: '',
    received,
    answer: 200,
    waitFor: async (count, path, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      const matching = () => received.filter((r) => path === undefined || r.path === path)
      while (matching().length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `${matching().length} of ${count} events reached ${path ?? 'the receiver'} in ${timeoutMs} ms`,
          )
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return matching()
    },
    close: () => {
      for (const res of hanging) res.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const entry: Received = {
        path: req.url ?? '/',
        headers: req.headers,
        body,
        json: JSON.parse(body) as Received['json'],
      }
      const answer = typeof receiver.answer === 'function' ? receiver.answer(entry) : receiver.answer
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      if (answer >= 200 && answer < 300) received.push(entry)
      res.writeHead(answer).end()
    })
  })
  server.keepAliveTimeout = 1
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  ;(receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return receiver
}
