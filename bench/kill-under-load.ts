// kill -9 in the middle of a write load: `connections` clients each send creates one after another
// (fetch, keep-alive), and after `killAfterMs` of load the server is killed from a timer, at a
// moment unrelated to any answer (not right after one, when a batch has just committed), while
// every client waits for one. Bounded in requests and time.
import { collectionPath, jsonHeaders } from './api.js'
import type { ServerProcess } from './server-process.js'

export type KillOptions = {
  readonly connections: number
  /** How long the load runs before SIGKILL. */
  readonly killAfterMs: number
  /** The body of the n-th create. */
  readonly body: (n: number) => string
}

export type KilledLoad = {
  /** Ids of the creates answered 2xx, before the kill or in answers already on their way. */
  readonly acknowledged: readonly string[]
  readonly sent: number
  /** Requests sent and not yet answered when SIGKILL was sent. */
  readonly outstandingAtKill: number
  /** Of those, how many were still answered 2xx (the answer was already on its way). */
  readonly answeredAfterKill: number
  /** Answers other than 2xx. */
  readonly refused: number
}

const maxRequests = 200_000

export async function killUnderLoad(server: ServerProcess, options: KillOptions): Promise<KilledLoad> {
  const acknowledged: string[] = []
  let sent = 0
  let outstanding = 0
  let refused = 0
  let atKill: { outstanding: number; acknowledged: number } | undefined
  const killed = new Promise<void>((resolve) =>
    setTimeout(() => {
      atKill = { outstanding, acknowledged: acknowledged.length }
      resolve(server.kill())
    }, options.killAfterMs),
  )
  const send = async (n: number) => {
    const response = await fetch(`${server.origin}${collectionPath}`, {
      method: 'POST',
      headers: jsonHeaders,
      body: options.body(n),
    })
    const text = await response.text()
    const id = response.ok ? /"id"\s*:\s*"([^"]+)"/.exec(text)?.[1] : undefined
    if (id) acknowledged.push(id)
    else refused++
  }
  const client = async () => {
    while (!atKill && sent < maxRequests) {
      outstanding++
      try {
        await send(sent++)
      } catch {
        // reset or refused: the server is gone, and this create was not acknowledged
      } finally {
        outstanding--
      }
    }
  }
  await Promise.all([killed, ...Array.from({ length: options.connections }, client)])
  if (!atKill || atKill.acknowledged === 0)
    throw new Error('bench: no create was acknowledged before the kill; the figures would mean nothing')
  return {
    acknowledged,
    sent,
    outstandingAtKill: atKill.outstanding,
    answeredAfterKill: acknowledged.length - atKill.acknowledged,
    refused,
  }
}
