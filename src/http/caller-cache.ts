// Who a bearer token stands for, remembered briefly: verifying a token and looking up its
// organisation and user costs more than answering a GET by id. An entry lives two seconds at most
// (never past the token's expiry), the whole cache is emptied by every admin write in this process
// (organisations, users, reset, restore), and another server process sees changes within the
// two seconds.
import type { Caller } from '../service/deps.js'
import type { Identity } from './auth.js'

interface Entry {
  readonly caller: Caller
  readonly identity: Identity
  readonly until: number
}

const lifetimeMs = 2_000
const maxEntries = 10_000

export class CallerCache {
  private readonly entries = new Map<string, Entry>()

  get(token: string, nowMs: number): Entry | undefined {
    const entry = this.entries.get(token)
    if (entry && entry.until > nowMs) return entry
    if (entry) this.entries.delete(token)
    return undefined
  }

  set(
    token: string,
    caller: Caller,
    identity: Identity,
    nowMs: number,
    expiresAtMs: number | undefined,
  ): void {
    if (this.entries.size >= maxEntries) this.entries.clear()
    this.entries.set(token, {
      caller,
      identity,
      until: Math.min(nowMs + lifetimeMs, expiresAtMs ?? Infinity),
    })
  }

  clear(): void {
    this.entries.clear()
  }
}
