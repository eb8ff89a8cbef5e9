// Shapes real clients send that differ from the canonical one, keyed by the field's shape path.
// Each entry cites the decision (docs/behaviour.md) that asks for it.
import type { Problem } from '../errors.js'
import { customerMarketplaceIntents, solutionTypes } from './enums.js'
import type { PathSegment } from './field-path.js'
import { isPlainObject, type JsonObject } from './normalize.js'

interface LeniencyHook {
  /** Extra input keys kept through binding so `after` can move them. */
  readonly extraKeys?: readonly string[]
  /** Alternative input names → canonical property name. */
  readonly aliases?: Readonly<Record<string, string>>
  readonly before?: (raw: unknown) => unknown
  readonly after?: (value: unknown, problems: Problem[], at: PathSegment[]) => unknown
}

const servicesCoSellAttributes = ['PartnerRole', 'SolutionArea', 'SolutionPlay'] as const
export const attributeTypes = ['CustomerMarketplaceIntent', ...servicesCoSellAttributes] as const

export const leniencyHooks: Readonly<Record<string, LeniencyHook>> = {
  '': {
    aliases: { referralType: 'type' }, // an alias some reference pages use
    extraKeys: ['customerMarketplaceIntent'], // the Sept-2024 top-level property
    after: (value) => moveMarketplaceIntent(value),
  },
  consent: {
    aliases: { consentToShareInfoWithOthers: 'consentToToShareInfoWithOthers' }, // the typo wins when both come
  },
  'customerProfile.ids': { before: idsObjectToList }, // the object form of older pages
  'details.requirements.offers[]': { after: (v) => moveTypeFrom(v, 'offerType') }, // offerType holding the type
  'details.requirements.additionalRequirements': {
    extraKeys: ['partnerRole', 'solutionArea', 'solutionPlay'], // Services co-sell attributes
    after: (value) => servicesAttributesToList(value),
  },
  'details.requirements.additionalRequirements.attributes[]': { after: canonicalAttribute },
  // ISO codes are matched in any case and stored upper-case, as the service emits them
  'customerProfile.address': { after: (v) => upperCode(v, 'country') },
  details: { after: (v) => upperCode(v, 'currency') },
  'details.requirements.solutions[]': {
    after: (v) => upperCode(moveTypeFrom(v, 'solutionType'), 'currency'), // solutionType holding the type
  },
}

function upperCode(value: unknown, key: string): unknown {
  if (!isPlainObject(value) || typeof value[key] !== 'string') return value
  return { ...value, [key]: value[key].trim().toUpperCase() }
}

// A Map, so a key such as `constructor` finds nothing (an object literal would find Object's).
const idTypes: ReadonlyMap<string, string> = new Map([
  ['duns', 'Duns'],
  ['external', 'External'],
  ['moodys', 'Moodys'],
])

/** Customer ids in the object form of older pages: `{duns, external, moodys}` → `[{profileType, id}]`; `{}` → `[]`. */
function idsObjectToList(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw
  if ('profileType' in raw || 'profiletype' in raw || 'ProfileType' in raw) return [raw]
  return Object.entries(raw).flatMap(([key, id]) => {
    const profileType = idTypes.get(key.toLowerCase())
    return profileType && id !== null && id !== '' && id !== undefined ? [{ profileType, id }] : []
  })
}

/** A `solutionType` holding None/Category/Name, with `type` absent, is the `type`. */
function moveTypeFrom(value: unknown, stringKey: 'solutionType' | 'offerType'): unknown {
  if (!isPlainObject(value) || value.type !== undefined) return value
  const held = value[stringKey]
  const match =
    typeof held === 'string' ? solutionTypes.find((t) => t.toLowerCase() === held.toLowerCase()) : undefined
  if (!match) return value
  return { ...value, type: match, [stringKey]: null }
}

/** Top-level `customerMarketplaceIntent` goes into `additionalRequirements.attributes`. */
function moveMarketplaceIntent(value: unknown): unknown {
  if (!isPlainObject(value) || value.customerMarketplaceIntent === undefined) return value
  const { customerMarketplaceIntent: intent, ...rest } = value
  if (intent === null) return rest
  const attributes = attributeList(rest)
  if (!attributes.some((a) => a.type === 'CustomerMarketplaceIntent')) {
    attributes.push(canonicalAttribute({ type: 'CustomerMarketplaceIntent', id: intent }) as JsonObject)
  }
  return rest
}

/** Creates `details.requirements.additionalRequirements.attributes` as needed and returns it. */
function attributeList(root: JsonObject): JsonObject[] {
  const details = (root.details = isPlainObject(root.details) ? root.details : {})
  const requirements = (details.requirements = isPlainObject(details.requirements)
    ? details.requirements
    : {})
  const additional = (requirements.additionalRequirements = isPlainObject(requirements.additionalRequirements)
    ? requirements.additionalRequirements
    : {})
  if (!Array.isArray(additional.attributes)) additional.attributes = []
  return additional.attributes as JsonObject[]
}

/** Services co-sell: `partnerRole`/`solutionArea`/`solutionPlay` properties become attribute entries. */
function servicesAttributesToList(value: unknown): unknown {
  if (!isPlainObject(value)) return value
  const out: JsonObject = { ...value }
  const attributes = Array.isArray(out.attributes) ? [...(out.attributes as JsonObject[])] : []
  for (const type of servicesCoSellAttributes) {
    const key = type[0]!.toLowerCase() + type.slice(1)
    const held = out[key]
    delete out[key]
    if (held === undefined || held === null) continue
    if (!attributes.some((a) => a.type === type))
      attributes.push({ type, id: typeof held === 'string' ? held.trim() : held })
  }
  if (attributes.length > 0 || out.attributes !== undefined) out.attributes = attributes
  return out
}

/** Attribute type names match case-insensitively; "Have not decided" is the CSV spelling. */
function canonicalAttribute(value: unknown): unknown {
  if (!isPlainObject(value)) return value
  const type =
    typeof value.type === 'string'
      ? attributeTypes.find((t) => t.toLowerCase() === (value.type as string).toLowerCase())
      : undefined
  if (!type) return value
  let id = value.id
  if (type === 'CustomerMarketplaceIntent' && typeof id === 'string') {
    const compact = id.replace(/\s+/g, '').toLowerCase()
    id = customerMarketplaceIntents.find((v) => v.toLowerCase() === compact) ?? id
  }
  return { ...value, type, id }
}
