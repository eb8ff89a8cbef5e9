// An error answered while the client is still sending its body (a 413 for a body over the limit,
// a 401 or 415 decided from the headers alone) reaches few clients: the server closes the
// connection with the upload unread, the kernel resets it, and Node's fetch and http clients
// report EPIPE or ECONNRESET instead of the answer. Reading the rest of the body first, and
// dropping it, lets them read the answer. The reading is bounded in bytes and in time; past
// either bound the answer goes out at once and the connection is closed.
import type { IncomingMessage } from 'node:http'

export interface DiscardLimits {
  readonly bytes: number
  readonly ms: number
}

export const discardLimits: DiscardLimits = { bytes: 8 * 1024 * 1024, ms: 5_000 }

/** True while the client has not sent its whole request: answering now would reset it. */
export function stillSending(raw: IncomingMessage): boolean {
  return raw.complete === false && !raw.destroyed // inject()'s requests have no `complete`
}

/** Reads and drops the rest of a request body; true when all of it arrived within the limits. */
export function discardBody(raw: IncomingMessage, limits: DiscardLimits = discardLimits): Promise<boolean> {
  if (Number(raw.headers['content-length']) > limits.bytes) return Promise.resolve(false)
  return new Promise((resolve) => {
    let read = 0
    const finish = (whole: boolean) => {
      clearTimeout(timer)
      raw.off('data', onData).off('end', onEnd).off('error', onStop).off('close', onStop)
      resolve(whole)
    }
    const onData = (chunk: Buffer) => {
      read += chunk.length
      if (read > limits.bytes) finish(false)
    }
    const onEnd = () => finish(true)
    const onStop = () => finish(false)
    const timer = setTimeout(onStop, limits.ms)
    raw.on('data', onData).once('end', onEnd).once('error', onStop).once('close', onStop)
    raw.resume() // data past a bound keeps flowing to no listener, which drops it
  })
}
