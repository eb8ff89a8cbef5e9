// The sync engine: finds what changed on each side, records it durably as work, and works each
// item off into one pair (referral ↔ CRM record), writing what the mapping says to the other side.
// Every step that matters is in the state before the next begins: a change is recorded with the
// cursor that passed it, and an item leaves the work list in the same transaction that saves its
// outcome. Creates look for their counterpart first (the CRM record naming the referral, the
// referral naming the CRM record), so a sync killed between a create and its record finds what it
// made instead of making it twice.
import type { Referral } from '../client/index.js'
import type { CrmConnector, CrmRecord } from './connectors/connector.js'
import type { Mapping } from './mapping/mapping-schema.js'
import { PairWriter, type PairStep } from './pair-writer.js'
import type { ReferralSide } from './referral-side.js'
import { emptySummary, type PassSummary, type PlannedChange } from './sync-outcome.js'
import type { Side, SyncState, WorkItem } from './state/sync-state.js'

export interface EngineOptions {
  readonly mapping: Mapping
  readonly connector: CrmConnector
  readonly referrals: ReferralSide
  readonly state: SyncState
  readonly now?: () => string
  /** Records read per page on each side. Default 100 (the most a referral list page holds). */
  readonly pageSize?: number
  /** Pairs worked on at once. Default 8. */
  readonly concurrency?: number
  /** Read each side from its beginning, not from where the last pass stopped (`cosell sync run --full`). */
  readonly fromStart?: boolean
  /** Work out and report what would change, writing nothing to either side or to the state. */
  readonly dryRun?: boolean
  readonly onProgress?: (progress: Progress) => void
}

export interface Progress {
  readonly phase: 'reading' | 'applying'
  readonly side?: Side
  readonly done: number
  readonly total?: number
}

export class SyncEngine {
  private readonly now: () => string
  private readonly pageSize: number
  private readonly concurrency: number
  /** Records read while detecting, so applying them needs no second read. */
  private readonly seenReferrals = new Map<string, Referral>()
  private readonly seenCrm = new Map<string, CrmRecord>()
  /** In a dry run, what detection found (nothing is written to the state). */
  private readonly dryWork: WorkItem[] = []
  readonly planned: PlannedChange[] = []

  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? (() => new Date().toISOString())
    this.pageSize = options.pageSize ?? 100
    this.concurrency = options.concurrency ?? 8
  }

  /** One pass: read the sides' changes (both, unless told otherwise), then apply every pending item. */
  async runOnce(
    read: { referrals: boolean; crm: boolean } = { referrals: true, crm: true },
  ): Promise<PassSummary> {
    const summary = emptySummary()
    if (read.referrals) summary.detected.referral = await this.detectReferrals()
    if (read.crm) summary.detected.crm = await this.detectCrm()
    await this.applyPending(summary)
    return summary
  }

  /** Records referrals named elsewhere (a webhook) as changed, to be applied by the next pass. */
  async touchReferrals(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.options.state.enqueue('referral', ids, undefined, this.now())
  }

  async detectReferrals(): Promise<number> {
    return this.detect('referral', this.seenReferrals, async (cursor) => {
      const page = await this.options.referrals.changes(cursor, this.pageSize)
      return { items: page.referrals, cursor: page.cursor, caughtUp: page.caughtUp }
    })
  }

  async detectCrm(): Promise<number> {
    return this.detect('crm', this.seenCrm, async (cursor) => {
      const page = await this.options.connector.changes(cursor, this.pageSize)
      return { items: page.records, cursor: page.cursor, caughtUp: page.caughtUp }
    })
  }

  /** Reads one side's changes page by page from its cursor, recording each page with the cursor past it. */
  private async detect<T extends { readonly id: string }>(
    side: Side,
    seen: Map<string, T>,
    read: (
      cursor: string | undefined,
    ) => Promise<{ items: readonly T[]; cursor: string | undefined; caughtUp: boolean }>,
  ): Promise<number> {
    let cursor = this.options.fromStart ? undefined : await this.options.state.cursor(side)
    let found = 0
    for (;;) {
      const page = await read(cursor)
      for (const item of page.items) seen.set(item.id, item)
      const ids = page.items.map((item) => item.id)
      await this.record(side, ids, page.cursor)
      found += ids.length
      cursor = page.cursor
      this.options.onProgress?.({ phase: 'reading', side, done: found })
      if (page.caughtUp) return found
    }
  }

  /** Applies every pending item; an item that fails for a passing reason stays for the next pass. */
  async applyPending(summary: PassSummary = emptySummary()): Promise<PassSummary> {
    const tried = new Set<string>()
    let done = 0
    for (;;) {
      const batch = (await this.pendingWork(tried)).slice(0, this.pageSize)
      if (batch.length === 0) return summary
      // one side at a time: items of one side name distinct pairs, so none runs twice at once
      for (const side of ['referral', 'crm'] as const) {
        const items = batch.filter((item) => item.side === side)
        await inParallel(items, this.concurrency, async (item) => {
          tried.add(key(item))
          const step = await this.applyItem(item)
          count(summary, step)
          done++
        })
      }
      this.options.onProgress?.({ phase: 'applying', done })
    }
  }

  private async pendingWork(tried: ReadonlySet<string>): Promise<WorkItem[]> {
    if (this.options.dryRun) return this.dryWork.filter((item) => !tried.has(key(item)))
    // items tried in this pass and left (a passing failure) wait for the next pass
    const limit = tried.size + this.pageSize
    return (await this.options.state.pending(limit)).filter((item) => !tried.has(key(item)))
  }

  private async applyItem(item: WorkItem): Promise<PairStep> {
    const wrote = (side: Side, id: string) =>
      (side === 'referral' ? this.seenReferrals : this.seenCrm).delete(id)
    const writer = new PairWriter(
      { ...this.options, now: this.now, dryRun: this.options.dryRun ?? false, wrote },
      this.planned,
    )
    try {
      const step =
        item.side === 'referral'
          ? await writer.referralChanged(item, this.seenReferrals.get(item.id))
          : await writer.crmChanged(item, this.seenCrm.get(item.id))
      return step
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
    } finally {
      if (item.side === 'referral') this.seenReferrals.delete(item.id)
      else this.seenCrm.delete(item.id)
    }
  }

  private async record(side: Side, ids: readonly string[], cursor: string | undefined): Promise<void> {
    if (this.options.dryRun) {
      const at = this.now()
      for (const id of ids) this.dryWork.push({ side, id, detectedAt: at })
      return
    }
    await this.options.state.enqueue(side, ids, cursor, this.now())
  }
}

function key(item: WorkItem): string {
  return `${item.side}:${item.id}`
}

function count(summary: PassSummary, step: PairStep): void {
  switch (step.kind) {
    case 'unchanged':
      summary.unchanged++
      break
    case 'failed':
      summary.failed++
      break
    case 'applied':
      summary.created.referral += step.created.referral
      summary.created.crm += step.created.crm
      summary.updated.referral += step.updated.referral
      summary.updated.crm += step.updated.crm
      summary.linked += step.linked
      summary.held += step.held
      summary.conflicts += step.conflicts
      break
  }
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
