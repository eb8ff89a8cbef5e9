// The request journal: the last `size` requests of each tenant, in a ring buffer that is filled
// once and then overwritten in place, so recording allocates nothing beyond the entry itself. At
// most `tenants` tenants are kept; a new one pushes out the tenant written to least recently.
import type { JournalEntry } from '../domain/journal/journal-entry.js'

/** 1,000 requests of 50 tenants: at most some 25 MB, and enough for the report to see patterns. */
export const journalDefaults = { size: 1000, tenants: 50 } as const

export interface JournalOptions {
  /** Entries kept per tenant; 0 turns the journal off. */
  readonly size: number
  /** Tenants kept at once. */
  readonly tenants: number
  /** Wall time in epoch ms: requests happen in real time, whatever the virtual clock says. */
  readonly now: () => number
}

class Ring {
  readonly entries: JournalEntry[] = []
  next = 0
  lastWrite = 0

  constructor(private readonly size: number) {}

  push(entry: JournalEntry, sequence: number): void {
    if (this.entries.length < this.size) this.entries.push(entry)
    else this.entries[this.next] = entry
    this.next = (this.next + 1) % this.size
    this.lastWrite = sequence
  }

  /** Oldest first. */
  inOrder(): JournalEntry[] {
    if (this.entries.length < this.size) return this.entries.slice()
    return [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)]
  }
}

export class RequestJournal {
  private readonly rings = new Map<string, Ring>()
  private sequence = 0

  constructor(readonly options: JournalOptions) {}

  get enabled(): boolean {
    return this.options.size > 0 && this.options.tenants > 0
  }

  record(tenant: string, entry: JournalEntry): void {
    if (!this.enabled) return
    let ring = this.rings.get(tenant)
    if (!ring) {
      if (this.rings.size >= this.options.tenants) this.forgetLeastRecent()
      ring = new Ring(this.options.size)
      this.rings.set(tenant, ring)
    }
    ring.push(entry, ++this.sequence)
  }

  /** The tenant's entries, oldest first (the report reads them in time order). */
  entries(tenant: string): JournalEntry[] {
    return this.rings.get(tenant)?.inOrder() ?? []
  }

  /** The tenant's last `limit` entries, newest first. */
  latest(tenant: string, limit: number): JournalEntry[] {
    return this.entries(tenant).slice(-limit).reverse()
  }

  /** Tenants with entries, most recently written first. */
  tenants(): string[] {
    return [...this.rings].sort(([, a], [, b]) => b.lastWrite - a.lastWrite).map(([tenant]) => tenant)
  }

  private forgetLeastRecent(): void {
    let oldest: string | undefined
    let oldestWrite = Infinity
    for (const [tenant, ring] of this.rings) {
      if (ring.lastWrite < oldestWrite) {
        oldest = tenant
        oldestWrite = ring.lastWrite
      }
    }
    if (oldest !== undefined) this.rings.delete(oldest)
  }
}
