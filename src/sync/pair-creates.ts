// Pairs that do not exist yet: a referral with no CRM record, or a flagged CRM record with no
// referral. Each create looks for its counterpart first, so a sync killed between a create and its
// record finds what it made instead of making it twice.
import type { Referral } from '../client/index.js'
import { CrmConflictError, CrmRefusedError, type CrmRecord, type CrmValue } from './connectors/connector.js'
import { crmValueOf } from './mapping/translate.js'
import { PairStepBase, isRefusal, reasonOf, type PairStep } from './pair-step.js'
import { crmFieldsOf, referralBodyOf } from './reconcile.js'
import type { SyncLink, WorkItem } from './state/sync-state.js'

export abstract class PairCreates extends PairStepBase {
  /** Syncs a pair just found, whose agreed values are not known yet. */
  protected abstract syncPair(
    item: WorkItem,
    link: SyncLink | (Omit<SyncLink, 'base'> & { base: undefined }),
    referralRead: Referral | undefined,
    crmRead: CrmRecord | undefined,
  ): Promise<PairStep>

  // ---- a referral with no CRM record yet --------------------------------------------------

  protected async createInCrm(item: WorkItem, referral: Referral): Promise<PairStep> {
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
  protected async counterpartInCrm(referral: Referral): Promise<CrmRecord | undefined> {
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

  protected async createInReferrals(item: WorkItem, record: CrmRecord): Promise<PairStep> {
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
  protected async writeKey(record: CrmRecord, referralId: string): Promise<CrmRecord> {
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

  protected async linkFound(item: WorkItem, referral: Referral, record: CrmRecord): Promise<PairStep> {
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

  protected async settleCreated(item: WorkItem, referral: Referral, record: CrmRecord): Promise<PairStep> {
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

  protected flagged(record: CrmRecord): boolean {
    const flag = this.options.mapping.syncFlag
    if (!flag) return true
    const value = record.fields[flag.field]
    return flag.values.some((wanted) => sameFlag(wanted, value))
  }
}

function sameFlag(wanted: CrmValue, value: CrmValue | undefined): boolean {
  if (typeof wanted === 'boolean' && typeof value === 'string')
    return String(wanted) === value.trim().toLowerCase()
  if (typeof wanted === 'boolean' && typeof value === 'number') return Number(wanted) === value
  return wanted === value
}
