// Where the Referrals API's webhooks reach the sync (`cosell sync watch`): a small HTTP server
// that reads each event's referral id and answers 200 at once. The event only says which referral
// to read again, through the API, so a forged event can cause a read, never a write of its data.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The largest body read; Partner Center's events are a few hundred bytes. */
const maxBody = 64 * 1024

export class WebhookListener {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async listen(
    host: string,
    port: number,
    onReferral: (id: string) => void,
  ): Promise<WebhookListener> {
    const server = createServer((request, response) => {
      let body = ''
      let tooLarge = false
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => {
        body += chunk
        if (body.length > maxBody) tooLarge = true
      })
      request.on('end', () => {
        const id = tooLarge || request.method !== 'POST' ? undefined : referralIdOf(body)
        response.writeHead(id === undefined && request.method !== 'POST' ? 405 : 200).end()
        if (id !== undefined) onReferral(id)
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, resolve)
    })
    const address = server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return new WebhookListener(server, `http://${shownHost}:${address.port}/`)
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

/** The referral an event names: the last segment of its `ResourceUri`. */
export function referralIdOf(body: string): string | undefined {
  try {
    const event = JSON.parse(body) as { ResourceUri?: unknown; ResourceName?: unknown }
    if (typeof event.ResourceUri !== 'string') return undefined
    const id = new URL(event.ResourceUri).pathname.split('/').filter(Boolean).at(-1)
    return id && /^[0-9a-fA-F-]{1,64}$/.test(id) ? id.toLowerCase() : undefined
  } catch {
    return undefined
  }
}
