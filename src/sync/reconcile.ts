// What one sync of a pair should write, worked out from the referral, the CRM record and the
// values both sides last agreed on (a three-way merge, field by field): a field changed on one
// side only goes to the other; a field changed on both is settled by its conflict policy; a field
// that only one direction may carry goes that way. Pure: no I/O, so every rule is tested as data.
import type { Referral } from '../client/index.js'
import type { CrmFields, CrmRecord, CrmValue } from './connectors/connector.js'
import { conflictWinner } from './conflict-policy.js'
import type { FieldMapping, Mapping } from './mapping/mapping-schema.js'
import { judgePath } from '../domain/patch/patch-paths.js'
import { pathSegments, writePath } from './mapping/referral-path.js'
import { crmForm, crmValueOf, referralPaths, referralValuesOf } from './mapping/translate.js'
import type { HeldChange } from './state/sync-state.js'

export interface ReferralWrite {
  readonly field: string
  readonly paths: readonly string[]
  readonly values: readonly unknown[]
  /** The CRM form the referral will hold once written: the field's next agreed value. */
  readonly agreed: CrmValue
}

export interface PairPlan {
  readonly toCrm: Readonly<Record<string, CrmValue>>
  readonly toReferral: readonly ReferralWrite[]
  /** The agreed values once every planned write lands. */
  readonly base: Readonly<Record<string, CrmValue>>
  /** Changes held back: conflicts under `hold`, values the mapping cannot translate, earlier refusals still waiting. */
  readonly held: readonly HeldChange[]
  /** Fields both sides changed, settled by policy (for the history). */
  readonly settled: readonly string[]
}

export interface PairInput {
  readonly mapping: Mapping
  readonly referral: Referral
  readonly crm: CrmRecord
  /** The agreed values; undefined for a pair just found (both sides existed before the sync linked them). */
  readonly base: Readonly<Record<string, CrmValue>> | undefined
  readonly held: readonly HeldChange[]
  /** Whether the CRM side may be written (false for a read-only source). */
  readonly crmWritable: boolean
  readonly now: string
}

type FieldOutcome =
  | { kind: 'same'; agreed: CrmValue }
  /** The sides differ and stay so (a one-way field changed on the side it does not leave): the agreed value stays. */
  | { kind: 'keep' }
  | { kind: 'toCrm'; value: CrmValue }
  | { kind: 'toReferral'; write: ReferralWrite }
  | { kind: 'held'; held: HeldChange; agreed: CrmValue | undefined }

export function planPair(input: PairInput): PairPlan {
  const toCrm: Record<string, CrmValue> = {}
  const toReferral: ReferralWrite[] = []
  const base: Record<string, CrmValue> = { ...(input.base ?? {}) }
  const held: HeldChange[] = []
  const settled: string[] = []
  for (const field of input.mapping.fields) {
    const outcome = fieldOutcome(input, field, settled)
    switch (outcome.kind) {
      case 'same':
        base[field.crm] = outcome.agreed
        break
      case 'keep':
        break
      case 'toCrm':
        toCrm[field.crm] = outcome.value
        base[field.crm] = outcome.value
        break
      case 'toReferral':
        toReferral.push(outcome.write)
        base[field.crm] = outcome.write.agreed
        break
      case 'held':
        held.push(outcome.held)
        if (outcome.agreed !== undefined) base[field.crm] = outcome.agreed
        break
    }
  }
  return { toCrm, toReferral, base, held, settled }
}

function fieldOutcome(input: PairInput, field: FieldMapping, settled: string[]): FieldOutcome {
  const direction = field.direction ?? 'both'
  const fromReferral = crmValueOf(field, input.referral)
  const inCrm = crmForm(field, input.crm.fields[field.crm])
  const agreed = input.base?.[field.crm]
  const mayWriteCrm = direction !== 'toReferral' && input.crmWritable
  const mayWriteReferral = direction !== 'toCrm'
  if (!fromReferral.ok) {
    // the referral holds something the mapping cannot say in the CRM: only the CRM side can move it
    if (mayWriteReferral && inCrm !== agreed && agreed !== undefined) return toReferral(input, field, inCrm)
    return mayWriteCrm
      ? hold(input, field, 'crm', null, 'invalid', fromReferral.reason)
      : { kind: 'same', agreed: inCrm }
  }
  const inReferral = fromReferral.value
  if (same(inReferral, inCrm)) return { kind: 'same', agreed: inCrm }
  const referralChanged = agreed === undefined || !same(inReferral, agreed)
  const crmChanged = agreed === undefined || !same(inCrm, agreed)
  if (!mayWriteReferral || !mayWriteCrm) {
    // one way only: a change on the side that may go goes; a change made on the other side stays there
    if (mayWriteCrm && referralChanged) return toCrm(input, field, inReferral)
    if (mayWriteReferral && crmChanged) return toReferral(input, field, inCrm)
    return { kind: 'keep' }
  }
  const winner =
    referralChanged && !crmChanged
      ? 'referral'
      : crmChanged && !referralChanged
        ? 'crm'
        : conflictWinner(field.conflict ?? 'newest', input.referral.updatedDateTime, input.crm.modifiedAt)
  if (referralChanged && crmChanged) settled.push(field.crm)
  if (winner === 'hold') {
    const reason = `both sides changed ${field.crm}: referral ${JSON.stringify(inReferral)}, CRM ${JSON.stringify(inCrm)}`
    return hold(input, field, 'referral', inCrm, 'conflict', reason)
  }
  if (winner === 'referral')
    return mayWriteCrm ? toCrm(input, field, inReferral) : { kind: 'same', agreed: inCrm }
  return toReferral(input, field, inCrm)
}

function toCrm(input: PairInput, field: FieldMapping, value: CrmValue): FieldOutcome {
  const earlier = refusedEarlier(input, field, 'crm')
  if (earlier && earlier.crmVersion === input.crm.version && same(earlier.value, value)) {
    return { kind: 'held', held: earlier, agreed: undefined }
  }
  return { kind: 'toCrm', value }
}

function refusedEarlier(
  input: PairInput,
  field: FieldMapping,
  toSide: HeldChange['toSide'],
): HeldChange | undefined {
  return input.held.find((h) => h.field === field.crm && h.kind === 'refused' && h.toSide === toSide)
}

function toReferral(input: PairInput, field: FieldMapping, value: CrmValue): FieldOutcome {
  const translated = referralValuesOf(field, value)
  if (!translated.ok) return hold(input, field, 'referral', value, 'invalid', translated.reason)
  const fixed = referralPaths(field)
    .map(fixedOnceCreated)
    .find((reason) => reason !== undefined)
  if (fixed) return hold(input, field, 'referral', value, 'refused', fixed)
  const earlier = refusedEarlier(input, field, 'referral')
  if (earlier && earlier.referralETag === input.referral.eTag && same(earlier.value, value)) {
    // refused at this very version of the referral: asking again would only be refused again
    return { kind: 'held', held: earlier, agreed: undefined }
  }
  return {
    kind: 'toReferral',
    write: { field: field.crm, paths: referralPaths(field), values: translated.value, agreed: value },
  }
}

function hold(
  input: PairInput,
  field: FieldMapping,
  toSide: HeldChange['toSide'],
  value: CrmValue,
  kind: HeldChange['kind'],
  reason: string,
): FieldOutcome {
  const earlier = input.held.find((h) => h.field === field.crm && h.kind === kind)
  return {
    kind: 'held',
    agreed: undefined,
    held: {
      pairKey: input.referral.id,
      field: field.crm,
      toSide,
      value,
      kind,
      reason,
      referralETag: input.referral.eTag,
      crmVersion: input.crm.version,
      since: earlier?.since ?? input.now,
      attempts: (earlier?.attempts ?? 0) + 1,
    },
  }
}

/** The CRM fields a referral gives a new CRM record: every field the CRM side may receive. */
export function crmFieldsOf(mapping: Mapping, referral: Referral): { fields: CrmFields; problems: string[] } {
  const fields: Record<string, CrmValue> = { ...(mapping.defaults?.crm ?? {}) }
  const problems: string[] = []
  for (const field of mapping.fields) {
    if ((field.direction ?? 'both') === 'toReferral') continue
    const value = crmValueOf(field, referral)
    if (value.ok) {
      if (value.value !== null || !(field.crm in fields)) fields[field.crm] = value.value
    } else problems.push(value.reason)
  }
  return { fields, problems }
}

/** Why the Referrals API would refuse a PATCH of this path (fixed at creation, the service's own), if it would. */
function fixedOnceCreated(path: string): string | undefined {
  const verdict = judgePath(pathSegments(path).filter((s): s is string => typeof s === 'string'))
  return verdict.writable ? undefined : verdict.reason
}

function same(a: CrmValue | undefined, b: CrmValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9
  return (a ?? null) === (b ?? null)
}

/** The referral a CRM record gives: the mapping's defaults, then every field the referral side may receive. */
export function referralBodyOf(
  mapping: Mapping,
  record: CrmRecord,
): { body: Record<string, unknown>; problems: string[] } {
  const body = structuredClone(mapping.defaults?.referral ?? {})
  const problems: string[] = []
  for (const field of mapping.fields) {
    if ((field.direction ?? 'both') === 'toCrm') continue
    const value = crmForm(field, record.fields[field.crm])
    if (value === null) continue
    const translated = referralValuesOf(field, value)
    if (!translated.ok) {
      problems.push(translated.reason)
      continue
    }
    referralPaths(field).forEach((path, i) => writePath(body, path, translated.value[i]))
  }
  return { body, problems }
}
