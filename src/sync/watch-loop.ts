// `cosell sync watch`: passes one after another, for as long as it runs. A pass starts when a
// webhook names a referral (within a few milliseconds), or when a side is due to be read again;
// passes never overlap. Stopping waits for the pass under way to finish, so nothing is left half
// written (and were the process killed instead, the state resumes it).
import type { SyncEngine } from './engine.js'
import type { PassSummary } from './sync-outcome.js'

export interface WatchOptions {
  /** Read the Referrals side at least this often (ms), webhooks or not. */
  readonly referralsEveryMs: number
  readonly crmEveryMs: number
  readonly onPass: (summary: PassSummary) => void | Promise<void>
  readonly onError: (error: unknown) => void
  /** After a pass's changes are applied (status reports). */
  readonly afterPass?: () => Promise<void>
}

/** Gathers the webhooks that arrive together into one pass. */
const gatherMs = 10

export class WatchLoop {
  private stopped = false
  private wakeUp: (() => void) | undefined
  private touched = new Set<string>()
  private lastRead = { referral: 0, crm: 0 }
  private finished: Promise<void> | undefined

  constructor(
    private readonly engine: SyncEngine,
    private readonly options: WatchOptions,
  ) {}

  start(): void {
    this.finished = this.loop()
  }

  /** A webhook named this referral: read it again now. */
  touch(referralId: string): void {
    this.touched.add(referralId)
    setTimeout(() => this.wakeUp?.(), gatherMs)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wakeUp?.()
    await this.finished
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.pass()
      } catch (error) {
        this.options.onError(error)
      }
      if (!this.stopped) await this.sleep(this.untilDue())
    }
  }

  private async pass(): Promise<void> {
    const now = Date.now()
    const touched = [...this.touched]
    this.touched.clear()
    const readReferrals = touched.length > 0 || now - this.lastRead.referral >= this.options.referralsEveryMs
    const readCrm = now - this.lastRead.crm >= this.options.crmEveryMs
    await this.engine.touchReferrals(touched)
    const summary = await this.engine.runOnce({ referrals: readReferrals, crm: readCrm })
    if (readReferrals) this.lastRead.referral = now
    if (readCrm) this.lastRead.crm = now
    await this.options.afterPass?.()
    await this.options.onPass(summary)
  }

  private untilDue(): number {
    if (this.touched.size > 0) return 0
    const now = Date.now()
    const due = (last: number, every: number) => Math.max(0, last + every - now)
    return Math.min(
      due(this.lastRead.referral, this.options.referralsEveryMs),
      due(this.lastRead.crm, this.options.crmEveryMs),
    )
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = done
    })
  }
}
