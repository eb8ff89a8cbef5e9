// How the sync commands print for a person: a pass's summary on one line, the status, one pair.
import type { CrmValue } from '../sync/connectors/connector.js'
import type { PairExplanation } from '../sync/explain-pair.js'
import type { HeldChange, StatusCounts, SyncLink } from '../sync/state/sync-state.js'
import type { PassSummary } from '../sync/sync-outcome.js'
import { printTable } from './output.js'

export function summaryLine(s: PassSummary): string {
  return [
    `read ${s.detected.referral} referral(s), ${s.detected.crm} CRM record(s)`,
    `created ${s.created.crm} in the CRM, ${s.created.referral} referral(s)`,
    `updated ${s.updated.crm} in the CRM, ${s.updated.referral} referral(s)`,
    ...(s.linked > 0 ? [`linked ${s.linked}`] : []),
    ...(s.conflicts > 0 ? [`${s.conflicts} conflict(s) settled by policy`] : []),
    ...(s.held > 0 ? [`${s.held} held`] : []),
    ...(s.failed > 0 ? [`${s.failed} failed`] : []),
  ].join('; ')
}

export function printStatus(
  name: string,
  counts: StatusCounts,
  held: readonly HeldChange[],
  errors: readonly SyncLink[],
): void {
  const pairs = Object.entries(counts.pairs)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ')
  console.log(`${name}: ${pairs}; ${counts.pending} change(s) pending; ${counts.held} held`)
  if (held.length > 0) {
    console.log('\nheld:')
    printTable(
      ['pair', 'field', 'to', 'value', 'since', 'why'],
      held.map((h) => [h.pairKey, h.field, h.toSide, shown(h.value), h.since, h.reason]),
    )
  }
  if (errors.length > 0) {
    console.log('\nerrors:')
    printTable(
      ['referral', 'crm', 'error'],
      errors.map((l) => [l.referralId, l.crmId, l.lastError?.message ?? '']),
    )
  }
}

export function printExplanation(e: PairExplanation): void {
  const { link } = e
  console.log(
    link
      ? `referral ${link.referralId} ⇄ CRM ${link.crmId}: ${link.status}${link.lastSyncedAt ? `, last synced ${link.lastSyncedAt}` : ''}`
      : `not paired yet (referral ${e.referral?.id ?? '-'}, CRM ${e.record?.id ?? '-'})`,
  )
  if (link?.lastError) console.log(`last error: ${link.lastError.message}`)
  if (!e.referral) console.log('the referral cannot be read')
  if (!e.record) console.log('the CRM record cannot be read')
  if (e.fields.length > 0) {
    console.log('')
    printTable(
      ['CRM field', 'referral field', 'in the referral', 'in the CRM', 'last agreed', 'next pass'],
      e.fields.map((f) => [f.crm, f.referral, shown(f.inReferral), shown(f.inCrm), shown(f.agreed), f.next]),
    )
  }
  if (e.held.length > 0) {
    console.log('\nheld:')
    for (const h of e.held)
      console.log(`  ${h.field} → ${h.toSide} ${shown(h.value)} since ${h.since}: ${h.reason}`)
  }
  if (e.history.length > 0) {
    console.log('\nhistory (newest first):')
    for (const h of e.history) {
      const fields = h.fields.length > 0 ? ` ${h.fields.join(', ')}` : ''
      console.log(`  ${h.at}  ${h.action} ${h.direction}${fields}${h.message ? `: ${h.message}` : ''}`)
    }
  }
}

function shown(value: CrmValue | string | undefined): string {
  return value === undefined ? '-' : JSON.stringify(value)
}
