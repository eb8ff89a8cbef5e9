// Works off one item of the sync's work list: a referral or a CRM record that changed. It finds
// the pair (or makes it: an idempotent create on the other side), plans the writes (reconcile.ts),
// makes them with each side's concurrency check, and saves the outcome with the item's removal.
// A write the other side refuses is held with its reason, never dropped; a version conflict (412,
// a CRM record changed meanwhile) reads both sides again and plans again.
import { diffReferral, type Referral } from '../client/index.js'
import { CrmConflictError, CrmRefusedError, type CrmRecord, type CrmValue } from './connectors/connector.js'
import { writePath } from './mapping/referral-path.js'
import { PairCreates } from './pair-creates.js'
import { isRefusal, isVersionConflict, pairKeyOf, reasonOf, type PairStep } from './pair-step.js'
import { planPair, type PairPlan, type ReferralWrite } from './reconcile.js'
import type { HeldChange, SyncLink, WorkItem } from './state/sync-state.js'

export type { PairStep, PairWriterOptions } from './pair-step.js'

/** Rounds of read → plan → write before a pair that keeps changing under the sync is left for the next pass. */
const maxRounds = 5

export class PairWriter extends PairCreates {
  async referralChanged(item: WorkItem, seen: Referral | undefined): Promise<PairStep> {
    return this.guarded(item, async () => {
      const referral = seen ?? (await this.options.referrals.get(item.id))
      if (!referral) return this.drop(item)
      const link = await this.options.state.linkByReferral(referral.id)
      if (link) {
        if (link.referralETag === referral.eTag) return this.drop(item)
        return this.syncPair(item, link, referral, undefined)
      }
      return this.createInCrm(item, referral)
    })
  }

  async crmChanged(item: WorkItem, seen: CrmRecord | undefined): Promise<PairStep> {
    return this.guarded(item, async () => {
      const record = seen ?? (await this.options.connector.get(item.id))
      if (!record) return this.drop(item)
      const link = await this.options.state.linkByCrm(record.id)
      if (link) {
        if (link.crmVersion === record.version) return this.drop(item)
        return this.syncPair(item, link, undefined, record)
      }
      return this.createInReferrals(item, record)
    })
  }

  /** A failure that may pass (the network, a 5xx): the item stays; the pair shows the error. */
  private async guarded(item: WorkItem, work: () => Promise<PairStep>): Promise<PairStep> {
    try {
      return await work()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (!this.options.dryRun) await this.recordFailure(item, message)
      return { kind: 'failed', message }
    }
  }

  private async recordFailure(item: WorkItem, message: string): Promise<void> {
    const { state } = this.options
    const link =
      item.side === 'referral' ? await state.linkByReferral(item.id) : await state.linkByCrm(item.id)
    const pairKey = link?.referralId ?? pairKeyOf(item)
    const event = this.event(link?.referralId ?? null, link?.crmId ?? null, 'none', 'failed', [], message)
    await state.settle(undefined, {
      ...(link ? { link: { ...link, status: 'error', lastError: { reason: 'failed', message } } } : {}),
      pairKey,
      held: await state.heldFor(pairKey),
      events: [event],
    })
  }

  // ---- a pair that exists -------------------------------------------------------------------

  protected override async syncPair(
    item: WorkItem,
    link: SyncLink | (Omit<SyncLink, 'base'> & { base: undefined }),
    referralRead: Referral | undefined,
    crmRead: CrmRecord | undefined,
  ): Promise<PairStep> {
    const { referrals, connector, state, mapping } = this.options
    let referral = referralRead
    let record = crmRead
    for (let round = 1; ; round++) {
      referral ??= await referrals.get(link.referralId)
      record ??= await connector.get(link.crmId)
      if (!referral || !record) return this.missing(item, link, referral)
      const held = await state.heldFor(referral.id)
      this.previousBase = link.base
      const plan = planPair({
        mapping,
        referral,
        crm: record,
        base: link.base,
        held,
        crmWritable: connector.writable,
        now: this.options.now(),
      })
      const written = await this.write(referral, record, plan)
      if (written === 'conflict') {
        if (round >= maxRounds)
          throw new Error(`the pair kept changing during ${maxRounds} attempts; left for the next pass`)
        referral = undefined
        record = undefined
        continue
      }
      return this.settlePair(item, link, written.referral, written.record, written.base, written.held, plan)
    }
  }

  private async write(
    referral: Referral,
    record: CrmRecord,
    plan: PairPlan,
  ): Promise<
    'conflict' | { referral: Referral; record: CrmRecord; base: Record<string, CrmValue>; held: HeldChange[] }
  > {
    const base = { ...plan.base }
    const held = [...plan.held]
    const toReferral = await this.writeReferral(referral, plan.toReferral, base, held)
    if (toReferral === 'conflict') return 'conflict'
    const toCrm = await this.writeCrm(record, plan.toCrm, base, held, referral)
    if (toCrm === 'conflict') return 'conflict'
    return { referral: toReferral, record: toCrm, base, held }
  }

  private async writeReferral(
    referral: Referral,
    writes: readonly ReferralWrite[],
    base: Record<string, CrmValue>,
    held: HeldChange[],
  ): Promise<Referral | 'conflict'> {
    if (writes.length === 0) return referral
    try {
      const updated = await this.patch(referral, writes)
      this.tally.updated.referral++
      this.events.push(
        this.event(
          referral.id,
          null,
          'toReferral',
          'updated',
          writes.map((w) => w.field),
        ),
      )
      return updated
    } catch (error) {
      if (isVersionConflict(error)) return 'conflict'
      if (!isRefusal(error) || writes.length === 1) {
        if (!isRefusal(error)) throw error
        this.holdRefused(referral, writes[0] as ReferralWrite, error, base, held)
        return referral
      }
    }
    // refused together: each write alone, so one refused field does not hold back the others
    let current = referral
    for (const write of writes) {
      const result = await this.writeReferral(current, [write], base, held)
      if (result === 'conflict') return 'conflict'
      current = result
    }
    return current
  }

  private async patch(referral: Referral, writes: readonly ReferralWrite[]): Promise<Referral> {
    const changed = structuredClone(referral) as unknown as Record<string, unknown>
    for (const write of writes) write.paths.forEach((path, i) => writePath(changed, path, write.values[i]))
    const operations = diffReferral(referral, changed)
    if (this.options.dryRun) {
      this.plan(
        'referral',
        'update',
        referral.id,
        Object.fromEntries(operations.map((o) => [o.path, o.value])),
        referral.id,
      )
      return referral
    }
    if (operations.length === 0) return referral
    this.options.wrote('referral', referral.id)
    return this.options.referrals.patch(referral.id, operations, referral.eTag)
  }

  private holdRefused(
    referral: Referral,
    write: ReferralWrite,
    error: unknown,
    base: Record<string, CrmValue>,
    held: HeldChange[],
  ): void {
    this.revert(base, write.field)
    held.push(
      this.held(referral.id, write.field, 'referral', write.agreed, reasonOf(error), referral.eTag, null),
    )
    this.events.push(this.event(referral.id, null, 'toReferral', 'held', [write.field], reasonOf(error)))
  }

  /** The agreed values the pair had before this step: a refused field keeps its old one. */
  private previousBase: Readonly<Record<string, CrmValue>> | undefined

  private revert(base: Record<string, CrmValue>, field: string): void {
    const previous = this.previousBase
    if (previous && field in previous) base[field] = previous[field] as CrmValue
    else delete base[field]
  }

  private async writeCrm(
    record: CrmRecord,
    fields: Readonly<Record<string, CrmValue>>,
    base: Record<string, CrmValue>,
    held: HeldChange[],
    referral: Referral,
  ): Promise<CrmRecord | 'conflict'> {
    const names = Object.keys(fields)
    if (names.length === 0) return record
    if (this.options.dryRun) {
      this.plan('crm', 'update', record.id, fields, referral.id)
      return record
    }
    try {
      this.options.wrote('crm', record.id)
      const updated = await this.options.connector.update(record.id, fields, record.version)
      this.tally.updated.crm++
      this.events.push(this.event(referral.id, record.id, 'toCrm', 'updated', names))
      return updated
    } catch (error) {
      if (error instanceof CrmConflictError) return 'conflict'
      if (!(error instanceof CrmRefusedError)) throw error
      for (const name of names) {
        this.revert(base, name)
        held.push(
          this.held(referral.id, name, 'crm', fields[name] ?? null, error.message, null, record.version),
        )
      }
      this.events.push(this.event(referral.id, record.id, 'toCrm', 'held', names, error.message))
      return record
    }
  }

  private async settlePair(
    item: WorkItem,
    link: { referralId: string; crmId: string; base: SyncLink['base'] | undefined },
    referral: Referral,
    record: CrmRecord,
    base: Record<string, CrmValue>,
    held: readonly HeldChange[],
    plan: PairPlan,
  ): Promise<PairStep> {
    this.tally.conflicts += plan.settled.length
    for (const h of held.filter((h) => h.kind === 'conflict' && h.attempts === 1)) {
      this.events.push(this.event(referral.id, record.id, 'none', 'conflict', [h.field], h.reason))
    }
    const status = held.some((h) => h.kind === 'conflict') ? 'conflict' : held.length > 0 ? 'held' : 'synced'
    const newLink: SyncLink = {
      referralId: referral.id,
      crmId: record.id,
      referralETag: referral.eTag,
      crmVersion: record.version,
      base,
      status,
      lastError: held.length > 0 ? { reason: held[0]!.kind, message: held[0]!.reason } : null,
      lastSyncedAt: this.options.now(),
    }
    return this.settle(item, {
      link: newLink,
      pairKey: referral.id,
      held,
      events: this.events,
      clear: [`crm:${record.id}`],
    })
  }

  private async missing(
    item: WorkItem,
    link: { referralId: string; crmId: string },
    referral: Referral | undefined,
  ): Promise<PairStep> {
    const message = !referral
      ? `referral ${link.referralId} no longer exists (or this sign-in may not read it)`
      : `CRM record ${link.crmId} no longer exists`
    const existing = await this.options.state.linkByReferral(link.referralId)
    if (existing) {
      this.events.push(this.event(link.referralId, link.crmId, 'none', 'failed', [], message))
      return this.settle(item, {
        link: { ...existing, status: 'error', lastError: { reason: 'missing', message } },
        pairKey: link.referralId,
        held: await this.options.state.heldFor(link.referralId),
        events: this.events,
      })
    }
    return this.drop(item)
  }
}
