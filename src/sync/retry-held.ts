// `cosell sync retry`: the held changes of one pair (or all) are let go and the pair queued, so
// the next pass tries again. A conflict held under the `hold` policy is decided by `take`: the
// side whose value should win (the other side's value becomes the last agreed one, so the winner
// is the only side that changed).
import type { Mapping } from './mapping/mapping-schema.js'
import { crmValueOf } from './mapping/translate.js'
import type { ReferralSide } from './referral-side.js'
import type { HeldChange, SyncState } from './state/sync-state.js'

export interface RetryRequest {
  /** A referral id or a CRM record id; every held pair when absent. */
  readonly id?: string
  readonly take?: 'referral' | 'crm'
}

export interface RetryOutcome {
  readonly pairs: number
  /** Conflicts left held because no side was named to win. */
  readonly undecided: number
}

export async function retryHeld(
  deps: { state: SyncState; referrals: ReferralSide; mapping: Mapping; now: () => string },
  request: RetryRequest,
): Promise<RetryOutcome> {
  const held = await heldOf(deps.state, request.id)
  const byPair = new Map<string, HeldChange[]>()
  for (const h of held) byPair.set(h.pairKey, [...(byPair.get(h.pairKey) ?? []), h])
  let undecided = 0
  for (const [pairKey, changes] of byPair) {
    if (pairKey.startsWith('crm:')) {
      await deps.state.settle(undefined, { pairKey, held: [], events: [] })
      await deps.state.enqueue('crm', [pairKey.slice(4)], undefined, deps.now())
      continue
    }
    undecided += await releasePair(deps, pairKey, changes, request.take)
  }
  return { pairs: byPair.size, undecided }
}

async function releasePair(
  deps: { state: SyncState; referrals: ReferralSide; mapping: Mapping; now: () => string },
  referralId: string,
  changes: readonly HeldChange[],
  take: RetryRequest['take'],
): Promise<number> {
  const link = await deps.state.linkByReferral(referralId)
  const conflicts = changes.filter((h) => h.kind === 'conflict')
  const base = { ...(link?.base ?? {}) }
  if (take === 'referral') for (const h of conflicts) base[h.field] = h.value
  if (take === 'crm' && conflicts.length > 0) {
    const referral = await deps.referrals.get(referralId)
    for (const h of conflicts) {
      const field = deps.mapping.fields.find((f) => f.crm === h.field)
      const value = field && referral ? crmValueOf(field, referral) : undefined
      if (value?.ok) base[h.field] = value.value
    }
  }
  const kept = take ? [] : conflicts
  const event = {
    at: deps.now(),
    referralId,
    crmId: link?.crmId ?? null,
    direction: 'none' as const,
    action: 'released' as const,
    fields: changes.filter((h) => !kept.includes(h)).map((h) => h.field),
    message: take ? `retried; conflicts decided for the ${take === 'crm' ? 'CRM' : 'referral'}` : 'retried',
  }
  await deps.state.settle(undefined, {
    // forget the versions last seen, so the pair is worked on whatever changed since
    ...(link ? { link: { ...link, base, referralETag: null, crmVersion: null, status: 'pending' } } : {}),
    pairKey: referralId,
    held: kept,
    events: [event],
  })
  await deps.state.enqueue('referral', [referralId], undefined, deps.now())
  return kept.length
}

async function heldOf(state: SyncState, id: string | undefined): Promise<HeldChange[]> {
  if (id === undefined) return state.held({ limit: 100_000 })
  const link = (await state.linkByReferral(id)) ?? (await state.linkByCrm(id))
  const keys = link ? [link.referralId] : [id, `crm:${id}`]
  return (await Promise.all(keys.map((key) => state.heldFor(key)))).flat()
}
