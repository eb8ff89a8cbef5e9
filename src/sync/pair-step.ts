// What every step of the sync's work on a pair shares: the options it works with, the history and
// counts it gathers, and how it saves (or, in a dry run, only plans) its outcome.
import { ApiError } from '../client/index.js'
import type { CrmConnector, CrmValue } from './connectors/connector.js'
import type { Mapping } from './mapping/mapping-schema.js'
import type { ReferralSide } from './referral-side.js'
import type { HeldChange, HistoryEvent, Settlement, SyncState, WorkItem } from './state/sync-state.js'
import type { PlannedChange } from './sync-outcome.js'

export type PairStep =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'failed'; readonly message: string }
  | {
      readonly kind: 'applied'
      readonly created: { referral: number; crm: number }
      readonly updated: { referral: number; crm: number }
      readonly linked: number
      readonly held: number
      readonly conflicts: number
    }

export interface PairWriterOptions {
  readonly mapping: Mapping
  readonly connector: CrmConnector
  readonly referrals: ReferralSide
  readonly state: SyncState
  readonly now: () => string
  readonly dryRun: boolean
  /** Called with each record the sync writes, so that a copy read before the write is not used again. */
  readonly wrote: (side: 'referral' | 'crm', id: string) => void
}

export abstract class PairStepBase {
  protected readonly events: HistoryEvent[] = []
  protected readonly tally = {
    created: { referral: 0, crm: 0 },
    updated: { referral: 0, crm: 0 },
    linked: 0,
    conflicts: 0,
  }

  constructor(
    protected readonly options: PairWriterOptions,
    private readonly planned: PlannedChange[],
  ) {}

  protected async drop(item: WorkItem): Promise<PairStep> {
    if (!this.options.dryRun) {
      const pairKey = pairKeyOf(item)
      await this.options.state.settle(item, {
        pairKey,
        held: await this.options.state.heldFor(pairKey),
        events: [],
      })
    }
    return { kind: 'unchanged' }
  }

  protected async settle(item: WorkItem, settlement: Settlement): Promise<PairStep> {
    if (!this.options.dryRun) await this.options.state.settle(item, settlement)
    return this.applied(settlement.held.length)
  }

  protected applied(held = 0): PairStep {
    return { kind: 'applied', ...this.tally, held }
  }

  protected held(
    pairKey: string,
    field: string,
    toSide: HeldChange['toSide'],
    value: CrmValue,
    reason: string,
    referralETag: string | null,
    crmVersion: string | null,
    earlier?: HeldChange,
  ): HeldChange {
    return {
      pairKey,
      field,
      toSide,
      value,
      kind: 'refused',
      reason,
      referralETag,
      crmVersion,
      since: earlier?.since ?? this.options.now(),
      attempts: (earlier?.attempts ?? 0) + 1,
    }
  }

  protected event(
    referralId: string | null,
    crmId: string | null,
    direction: HistoryEvent['direction'],
    action: HistoryEvent['action'],
    fields: readonly string[],
    message: string | null = null,
  ): HistoryEvent {
    return { at: this.options.now(), referralId, crmId, direction, action, fields, message }
  }

  protected plan(
    side: PlannedChange['side'],
    action: PlannedChange['action'],
    id: string | null,
    fields: Readonly<Record<string, unknown>>,
    pair: string,
  ): void {
    this.planned.push({ side, action, id, fields, pair })
  }
}

/** The key an item's held changes are kept under while it has no pair: the referral id, or `crm:<id>`. */
export function pairKeyOf(item: WorkItem): string {
  return item.side === 'referral' ? item.id : `crm:${item.id}`
}

export function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412
}

/** The Referrals API said no to this write as it stands (a lifecycle rule, a closed referral, a field's rule). */
export function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && [400, 403, 409, 422].includes(error.status)
}

export function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  return `${error.status} ${error.code}: ${error.message}`
}
