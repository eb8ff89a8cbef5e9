// Works off one item of the sync's work list: a referral or a CRM record that changed. It finds
// the pair (or makes it: an idempotent create on the other side), plans the writes (reconcile.ts),
// makes them with each side's concurrency check, and saves the outcome with the item's removal.
// A write the other side refuses is held with its reason, never dropped; a version conflict (412,
// a CRM record changed meanwhile) reads both sides again and plans again.
import { ApiError, diffReferral, type Referral } from '../client/index.js'
import {
  CrmConflictError,
  CrmRefusedError,
  type CrmConnector,
  type CrmRecord,
  type CrmValue,
} from './connectors/connector.js'
import type { Mapping } from './mapping/mapping-schema.js'
import { writePath } from './mapping/referral-path.js'
import { crmValueOf } from './mapping/translate.js'
import { crmFieldsOf, planPair, referralBodyOf, type PairPlan, type ReferralWrite } from './reconcile.js'
import type { ReferralSide } from './referral-side.js'
import type { PlannedChange } from './sync-outcome.js'
import type {
  HeldChange,
  HistoryEvent,
  Settlement,
  SyncLink,
  SyncState,
  WorkItem,
} from './state/sync-state.js'

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

/** Rounds of read → plan → write before a pair that keeps changing under the sync is left for the next pass. */
const maxRounds = 5

export class PairWriter {
  private readonly events: HistoryEvent[] = []
  private readonly tally = {
    created: { referral: 0, crm: 0 },
    updated: { referral: 0, crm: 0 },
    linked: 0,
    conflicts: 0,
  }

  constructor(
    private readonly options: PairWriterOptions,
    private readonly planned: PlannedChange[],
  ) {}

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

  private async drop(item: WorkItem): Promise<PairStep> {
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

  // ---- a pair that exists -------------------------------------------------------------------

  private async syncPair(
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

  // ---- a referral with no CRM record yet --------------------------------------------------

  private async createInCrm(item: WorkItem, referral: Referral): Promise<PairStep> {
    const { connector, mapping, state } = this.options
    if (!connector.writable || mapping.create?.toCrm === false) return this.drop(item)
    const existing = await this.counterpartInCrm(referral)
    if (existing) return this.linkFound(item, referral, existing)
    const held = await state.heldFor(referral.id)
    const refused = held.find((h) => h.field === '*' && h.toSide === 'crm')
    if (refused && refused.referralETag === referral.eTag) return this.drop(item)
    const { fields } = crmFieldsOf(mapping, referral)
    const withKey = { ...fields, [mapping.crmReferralId]: referral.id }
    if (this.options.dryRun) {
      this.plan('crm', 'create', null, withKey, referral.id)
      return this.applied()
    }
    let record: CrmRecord
    try {
      record = await connector.create(withKey)
    } catch (error) {
      if (!(error instanceof CrmRefusedError)) throw error
      const hold = this.held(referral.id, '*', 'crm', null, error.message, referral.eTag, null, refused)
      this.events.push(this.event(referral.id, null, 'toCrm', 'held', [], error.message))
      return this.settle(item, { pairKey: referral.id, held: [hold], events: this.events })
    }
    this.tally.created.crm++
    this.events.push(this.event(referral.id, record.id, 'toCrm', 'created', Object.keys(withKey)))
    return this.settleCreated(item, referral, record)
  }

  /**
   * The CRM record a referral already has: the one naming the referral in its `crmReferralId`
   * field, or the unpaired one the referral's `externalReferenceId` names (its CRM id, as the API
   * documents the field: a referral the sync created from a record and was killed before writing
   * the key back, or one another integration recorded).
   */
  private async counterpartInCrm(referral: Referral): Promise<CrmRecord | undefined> {
    const { connector, mapping, state } = this.options
    const [keyed] = await connector.findBy(mapping.crmReferralId, referral.id)
    if (keyed) return keyed
    const named = referral.externalReferenceId
    if (!named) return undefined
    // an id the CRM cannot even read (another system's) names no record of this CRM
    const record = await connector.get(named).catch(() => undefined)
    return record && !(await state.linkByCrm(record.id)) ? record : undefined
  }

  // ---- a CRM record with no referral yet --------------------------------------------------

  private async createInReferrals(item: WorkItem, record: CrmRecord): Promise<PairStep> {
    const { mapping, referrals, state } = this.options
    const named = record.fields[mapping.crmReferralId]
    if (typeof named === 'string' && named !== '') {
      const referral = await referrals.get(named)
      if (referral && !(await state.linkByReferral(referral.id)))
        return this.linkFound(item, referral, record)
    }
    if (!this.flagged(record) || mapping.create?.toReferral === false) return this.drop(item)
    const pairKey = `crm:${record.id}`
    // only a create sent and never settled can have left a referral naming this record: look for it
    // then, and not before every create (the lookup reads a tenant's referrals by a field they do
    // not index)
    const found = (await state.intended(pairKey))
      ? await referrals.findByExternalReference(record.id)
      : undefined
    if (found && !(await state.linkByReferral(found.id))) return this.linkFound(item, found, record)
    const held = await state.heldFor(pairKey)
    const refused = held.find((h) => h.field === '*')
    if (refused && refused.crmVersion === record.version) return this.drop(item)
    const { body, problems } = referralBodyOf(mapping, record)
    body.externalReferenceId = record.id
    if (this.options.dryRun) {
      this.plan('referral', 'create', null, body, pairKey)
      return this.applied()
    }
    let referral: Referral
    try {
      await state.intend(pairKey, this.options.now())
      referral = await referrals.create(body)
    } catch (error) {
      if (!isRefusal(error)) throw error
      const reason = [reasonOf(error), ...problems].join('; ')
      const hold = { ...this.held(pairKey, '*', 'referral', null, reason, null, record.version, refused) }
      this.events.push(this.event(null, record.id, 'toReferral', 'held', [], reason))
      return this.settle(item, { pairKey, held: [hold], events: this.events })
    }
    this.tally.created.referral++
    this.events.push(this.event(referral.id, record.id, 'toReferral', 'created', Object.keys(body)))
    const keyed = await this.writeKey(record, referral.id)
    return this.settleCreated(item, referral, keyed)
  }

  /** Writes the referral's id into the CRM record (the mapping's crmReferralId), so it is found again. */
  private async writeKey(record: CrmRecord, referralId: string): Promise<CrmRecord> {
    const { connector, mapping } = this.options
    if (!connector.writable || record.fields[mapping.crmReferralId] === referralId) return record
    const key = { [mapping.crmReferralId]: referralId }
    this.options.wrote('crm', record.id)
    try {
      return await connector.update(record.id, key, record.version)
    } catch (error) {
      // someone edited the record meanwhile: the key field is the sync's own, so write it regardless
      if (error instanceof CrmConflictError) return connector.update(record.id, key)
      throw error
    }
  }

  private async linkFound(item: WorkItem, referral: Referral, record: CrmRecord): Promise<PairStep> {
    this.tally.linked++
    this.events.push(this.event(referral.id, record.id, 'none', 'linked', []))
    if (this.options.dryRun) {
      this.plan('crm', 'link', record.id, {}, referral.id)
      return this.applied()
    }
    const keyed = await this.writeKey(record, referral.id)
    const link = { referralId: referral.id, crmId: record.id, base: undefined }
    return this.syncPair(
      item,
      {
        ...link,
        referralETag: null,
        crmVersion: null,
        status: 'pending',
        lastError: null,
        lastSyncedAt: null,
      },
      referral,
      keyed,
    )
  }

  private async settleCreated(item: WorkItem, referral: Referral, record: CrmRecord): Promise<PairStep> {
    const base: Record<string, CrmValue> = {}
    for (const field of this.options.mapping.fields) {
      const value = crmValueOf(field, referral)
      if (value.ok) base[field.crm] = value.value
    }
    const link: SyncLink = {
      referralId: referral.id,
      crmId: record.id,
      referralETag: referral.eTag,
      crmVersion: record.version,
      base,
      status: 'synced',
      lastError: null,
      lastSyncedAt: this.options.now(),
    }
    return this.settle(item, {
      link,
      pairKey: referral.id,
      held: [],
      events: this.events,
      clear: [`crm:${record.id}`],
    })
  }

  private flagged(record: CrmRecord): boolean {
    const flag = this.options.mapping.syncFlag
    if (!flag) return true
    const value = record.fields[flag.field]
    return flag.values.some((wanted) => sameFlag(wanted, value))
  }

  // ---- saving ---------------------------------------------------------------------------

  private async settle(item: WorkItem, settlement: Settlement): Promise<PairStep> {
    if (!this.options.dryRun) await this.options.state.settle(item, settlement)
    return this.applied(settlement.held.length)
  }

  private applied(held = 0): PairStep {
    return { kind: 'applied', ...this.tally, held }
  }

  private held(
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

  private event(
    referralId: string | null,
    crmId: string | null,
    direction: HistoryEvent['direction'],
    action: HistoryEvent['action'],
    fields: readonly string[],
    message: string | null = null,
  ): HistoryEvent {
    return { at: this.options.now(), referralId, crmId, direction, action, fields, message }
  }

  private plan(
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
function pairKeyOf(item: WorkItem): string {
  return item.side === 'referral' ? item.id : `crm:${item.id}`
}

function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412
}

/** The Referrals API said no to this write as it stands (a lifecycle rule, a closed referral, a field's rule). */
function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && [400, 403, 409, 422].includes(error.status)
}

function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  return `${error.status} ${error.code}: ${error.message}`
}

function sameFlag(wanted: CrmValue, value: CrmValue | undefined): boolean {
  if (typeof wanted === 'boolean' && typeof value === 'string')
    return String(wanted) === value.trim().toLowerCase()
  if (typeof wanted === 'boolean' && typeof value === 'number') return Number(wanted) === value
  return wanted === value
}
