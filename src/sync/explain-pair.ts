// `cosell sync explain <id>`: one pair laid open — both sides' values field by field beside the
// last agreed one, what the next pass would do with each, what is held and why, and the history.
import type { Referral } from '../client/index.js'
import type { CrmConnector, CrmRecord, CrmValue } from './connectors/connector.js'
import type { Mapping } from './mapping/mapping-schema.js'
import { crmForm, crmValueOf } from './mapping/translate.js'
import { planPair } from './reconcile.js'
import type { ReferralSide } from './referral-side.js'
import type { HeldChange, HistoryEvent, SyncLink, SyncState } from './state/sync-state.js'

export interface FieldView {
  readonly crm: string
  readonly referral: string
  readonly inReferral: CrmValue | string
  readonly inCrm: CrmValue
  readonly agreed: CrmValue | undefined
  /** What the next pass does: `in step`, `to CRM`, `to referral`, `held`. */
  readonly next: 'in step' | 'to CRM' | 'to referral' | 'held'
}

export interface PairExplanation {
  readonly link: SyncLink | undefined
  readonly referral: Referral | undefined
  readonly record: CrmRecord | undefined
  readonly fields: readonly FieldView[]
  readonly held: readonly HeldChange[]
  readonly history: readonly HistoryEvent[]
}

export async function explainPair(
  deps: {
    state: SyncState
    referrals: ReferralSide
    connector: CrmConnector
    mapping: Mapping
    now: () => string
  },
  id: string,
): Promise<PairExplanation> {
  const { state } = deps
  const link = (await state.linkByReferral(id)) ?? (await state.linkByCrm(id))
  const referral = await deps.referrals.get(link?.referralId ?? id).catch(() => undefined)
  const record = await deps.connector.get(link?.crmId ?? id)
  const keys = [link?.referralId ?? referral?.id ?? id, `crm:${link?.crmId ?? record?.id ?? id}`]
  const held = (await Promise.all(keys.map((k) => state.heldFor(k)))).flat()
  const history = await state.history(keys, 20)
  return { link, referral, record, fields: fieldViews(deps, link, referral, record, held), held, history }
}

function fieldViews(
  deps: { mapping: Mapping; connector: CrmConnector; now: () => string },
  link: SyncLink | undefined,
  referral: Referral | undefined,
  record: CrmRecord | undefined,
  held: readonly HeldChange[],
): FieldView[] {
  if (!referral || !record) return []
  const plan = planPair({
    mapping: deps.mapping,
    referral,
    crm: record,
    base: link?.base,
    held,
    crmWritable: deps.connector.writable,
    now: deps.now(),
  })
  return deps.mapping.fields.map((field) => {
    const fromReferral = crmValueOf(field, referral)
    const next = plan.held.some((h) => h.field === field.crm)
      ? 'held'
      : field.crm in plan.toCrm
        ? 'to CRM'
        : plan.toReferral.some((w) => w.field === field.crm)
          ? 'to referral'
          : 'in step'
    return {
      crm: field.crm,
      referral: typeof field.referral === 'string' ? field.referral : field.referral.join('/'),
      inReferral: fromReferral.ok ? fromReferral.value : `(${fromReferral.reason})`,
      inCrm: crmForm(field, record.fields[field.crm]),
      agreed: link?.base[field.crm],
      next,
    }
  })
}
