// The worker side of worker-pool.ts: answer each job with a WorkerReply, after saying it is ready.
import { parentPort } from 'node:worker_threads'
import type { WorkerReply } from './worker-pool.js'

export function serveJobs<J, A>(perform: (job: J) => A): void {
  parentPort!.on('message', (job: J) => {
    let reply: WorkerReply<A>
    try {
      reply = { ok: true, value: perform(job) }
    } catch (error) {
      const { message, code } = error as { message: string; code?: string }
      reply = { ok: false, message, ...(code === undefined ? {} : { code }) }
    }
    parentPort!.postMessage(reply)
  })
  parentPort!.postMessage({ ready: true } satisfies WorkerReply<A>)
}
