// Whether a webhook registration exists, as this server last read it. A server that does not lead
// tells the leader of its commits only then: on PostgreSQL each telling is a NOTIFY and a round of
// the leader's dispatcher, for nothing while nobody listens. Read at start, again when a
// registration is written here or another server announces one, and every few seconds in case an
// announcement was lost (the leader's own poll still finds such commits, a second later).
import type { ReferralStore } from '../store/referral-store.js'

const rereadMs = 5000

export class RegistrationsKnown {
  /** True until the first read answers: telling the leader needlessly costs less than delaying events. */
  exist = true
  private reads = 0
  private readonly timer: NodeJS.Timeout

  constructor(private readonly store: Pick<ReferralStore, 'webhooks'>) {
    this.reread()
    this.timer = setInterval(() => this.reread(), rereadMs)
    this.timer.unref()
  }

  /** Reads them again; of reads that overlap, the last one begun decides. */
  reread(): void {
    const read = ++this.reads
    this.store.webhooks.registrations().then(
      (found) => this.settle(read, found.length > 0),
      () => this.settle(read, true),
    )
  }

  close(): void {
    clearInterval(this.timer)
  }

  private settle(read: number, exist: boolean): void {
    if (read === this.reads) this.exist = exist
  }
}
