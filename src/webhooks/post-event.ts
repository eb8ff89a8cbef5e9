// One attempt: POST the signed body to the receiver with node:http(s), bounded by a timeout over the
// whole exchange (connect, send, answer). The answer's body is read and thrown away; only its
// status counts (2xx is delivered).
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'

export interface PostRequest {
  readonly url: URL
  readonly body: string
  readonly headers: OutgoingHttpHeaders
  readonly timeoutMs: number
  readonly lookup: LookupFunction | undefined
}

export type PostOutcome =
  | { readonly ok: true; readonly statusCode: number }
  | { readonly ok: false; readonly statusCode: number | null; readonly error: string }

export function postEvent(post: PostRequest): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const send = post.url.protocol === 'https:' ? httpsRequest : httpRequest
    let settled = false
    const finish = (outcome: PostOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const req = send(post.url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body) },
      ...(post.lookup ? { lookup: post.lookup } : {}),
      agent: false, // one connection an attempt: a receiver that hangs holds no pooled socket
    })
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `no answer within ${post.timeoutMs} ms` })
      req.destroy()
    }, post.timeoutMs)
    req.on('response', (res: IncomingMessage) => {
      const statusCode = res.statusCode ?? 0
      res.resume() // the body is not needed
      res.on('end', () =>
        finish(
          statusCode >= 200 && statusCode < 300
            ? { ok: true, statusCode }
            : { ok: false, statusCode, error: `the receiver answered ${statusCode}` },
        ),
      )
      res.on('error', (error) => finish({ ok: false, statusCode, error: error.message }))
    })
    req.on('error', (error) => finish({ ok: false, statusCode: null, error: error.message }))
    req.end(post.body)
  })
}
