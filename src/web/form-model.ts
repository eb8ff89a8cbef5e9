// The create/edit form as data: each field reads its value from a referral and writes it back at
// the path the API names in an error's `target`, so a problem lands at its field.
import type { Referral } from '../client/referrals.js'
import { qualifications, referralTypes, taxonomy } from './choices.js'

export type FieldValue = string | boolean | readonly string[]
export type Draft = Readonly<Record<string, FieldValue>>

export interface FormField {
  /** The referral path the API reports problems at (`customerProfile.name`). */
  readonly path: string
  readonly label: string
  readonly kind: 'text' | 'number' | 'date' | 'textarea' | 'select' | 'multi' | 'checkbox'
  readonly options?: readonly string[]
  /** Problems at these paths (or under them) are shown at this field too. */
  readonly owns?: readonly string[]
}

export const solutionAreas = [...new Set(taxonomy.solutionAreaPlays.map((p) => p.solutionArea))]
export const playsOf = (area: string) =>
  taxonomy.solutionAreaPlays.filter((p) => p.solutionArea === area).map((p) => p.solutionPlay)

const attributes = 'details.requirements.additionalRequirements.attributes'

export const formSections: readonly { title: string; fields: readonly FormField[] }[] = [
  {
    title: 'Referral',
    fields: [
      { path: 'name', label: 'Name', kind: 'text' },
      { path: 'type', label: 'Type', kind: 'select', options: referralTypes },
      { path: 'qualification', label: 'Qualification', kind: 'select', options: qualifications },
    ],
  },
  {
    title: 'Customer',
    fields: [
      { path: 'customerProfile.name', label: 'Customer name', kind: 'text' },
      { path: 'customerProfile.address.addressLine1', label: 'Address', kind: 'text' },
      { path: 'customerProfile.address.city', label: 'City', kind: 'text' },
      {
        path: 'customerProfile.address.country',
        label: 'Country (ISO code)',
        kind: 'select',
        options: taxonomy.countries,
      },
      { path: 'customerProfile.size', label: 'Size', kind: 'select', options: taxonomy.customerSizes },
      { path: 'customerProfile.team[0].firstName', label: 'Contact first name', kind: 'text' },
      { path: 'customerProfile.team[0].lastName', label: 'Contact last name', kind: 'text' },
      { path: 'customerProfile.team[0].email', label: 'Contact email', kind: 'text' },
      { path: 'customerProfile.team[0].phoneNumber', label: 'Contact phone', kind: 'text' },
    ],
  },
  {
    title: 'Deal',
    fields: [
      { path: 'details.dealValue', label: 'Deal value', kind: 'number' },
      { path: 'details.currency', label: 'Currency', kind: 'select', options: taxonomy.currencies },
      { path: 'details.closingDateTime', label: 'Closing date', kind: 'date' },
      { path: 'details.notes', label: 'Notes', kind: 'textarea' },
      {
        path: 'details.requirements.industries',
        label: 'Industries',
        kind: 'multi',
        options: taxonomy.industries,
      },
      { path: 'details.requirements.products', label: 'Products', kind: 'multi', options: taxonomy.products },
    ],
  },
  {
    title: 'Co-sell (FY26 solution area → play)',
    fields: [
      { path: 'attribute:SolutionArea', label: 'Solution area', kind: 'select', options: solutionAreas },
      { path: 'attribute:SolutionPlay', label: 'Solution play', kind: 'select', owns: [attributes] },
      {
        path: 'attribute:PartnerRole',
        label: 'Partner role',
        kind: 'select',
        options: taxonomy.partnerRoles,
      },
      {
        path: 'consent.consentToShareReferralWithMicrosoftSellers',
        label: 'Share with Microsoft sellers (co-sell)',
        kind: 'checkbox',
        owns: ['details.requirements.solutions'],
      },
      {
        path: 'consent.consentToToShareInfoWithOthers',
        label: 'Customer consents to share',
        kind: 'checkbox',
      },
      { path: 'consent.consentToContact', label: 'Customer consents to be contacted', kind: 'checkbox' },
    ],
  },
  {
    title: 'Your team',
    fields: [
      { path: 'team[0].firstName', label: 'Owner first name', kind: 'text' },
      { path: 'team[0].lastName', label: 'Owner last name', kind: 'text' },
      { path: 'team[0].email', label: 'Owner email', kind: 'text' },
    ],
  },
]

export const formFields = formSections.flatMap((s) => s.fields)

const segments = (path: string) => path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')

function readPath(value: unknown, path: string): unknown {
  let at = value
  for (const key of segments(path)) at = (at as Record<string, unknown> | undefined)?.[key]
  return at
}

function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = segments(path)
  let at: Record<string, unknown> = target
  keys.slice(0, -1).forEach((key, i) => {
    at[key] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {}
    at = at[key] as Record<string, unknown>
  })
  at[keys.at(-1)!] = value
}

type Attribute = { id: string; type: string }
const attributeList = (r: unknown) => (readPath(r, attributes) as Attribute[] | undefined) ?? []

/** The field's value in a referral (or a partial one), as the form holds it. */
export function readField(r: unknown, field: FormField): FieldValue {
  if (field.path.startsWith('attribute:')) {
    const type = field.path.slice('attribute:'.length)
    return attributeList(r).find((a) => a.type === type)?.id ?? ''
  }
  const value = readPath(r, field.path)
  switch (field.kind) {
    case 'checkbox':
      return value === true
    case 'multi':
      return ((value as { id: string }[] | undefined) ?? []).map((tag) => tag.id)
    case 'date':
      return typeof value === 'string' ? value.slice(0, 10) : ''
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
  }
}

/** Writes the field's form value into `r` as the API reads it. */
export function writeField(r: Record<string, unknown>, field: FormField, value: FieldValue): void {
  if (field.path.startsWith('attribute:')) {
    const type = field.path.slice('attribute:'.length)
    const rest = attributeList(r).filter((a) => a.type !== type)
    writePath(r, attributes, value ? [...rest, { type, id: value }] : rest)
    return
  }
  writePath(r, field.path, wireValue(field, value))
}

function wireValue(field: FormField, value: FieldValue): unknown {
  switch (field.kind) {
    case 'checkbox':
      return value === true
    case 'multi':
      return (value as readonly string[]).map((id) => ({ id }))
    case 'number':
      return value === '' ? null : Number(value)
    case 'date':
      return value === '' ? null : `${String(value)}T00:00:00Z`
    default:
      return value === '' ? null : value
  }
}

export function draftOf(r: unknown): Draft {
  return Object.fromEntries(formFields.map((field) => [field.path, readField(r, field)]))
}

/** A new referral's starting values: consent given, closing in 90 days, a US customer in USD. */
export function newDraft(user: string): Draft {
  const closing = new Date(Date.now() + 90 * 86_400_000).toISOString()
  return {
    ...draftOf({}),
    type: 'Independent',
    qualification: 'SalesQualified',
    'details.currency': 'USD',
    'details.closingDateTime': closing.slice(0, 10),
    'customerProfile.address.country': 'US',
    'consent.consentToToShareInfoWithOthers': true,
    'consent.consentToContact': true,
    'team[0].email': user,
  }
}

/** `base` (a referral, or nothing for a create) with the fields the draft changed written in. */
export function applyDraft<T extends object>(base: T | Record<string, never>, draft: Draft): T {
  const result = structuredClone(base) as Record<string, unknown>
  for (const field of formFields) {
    const value = draft[field.path] ?? ''
    if (!sameValue(readField(base, field), value)) writeField(result, field, value)
  }
  return result as T
}

/** Does the problem at `target` belong to this field? */
export function owns(field: FormField, target: string): boolean {
  return [field.path, ...(field.owns ?? [])].some(
    (path) => target === path || target.startsWith(`${path}.`) || target.startsWith(`${path}[`),
  )
}

/** Which form field a problem's target names, for the attributes: by the attribute's type. */
export function fieldOfTarget(target: string, r: unknown): FormField | undefined {
  const attribute = /^details\.requirements\.additionalRequirements\.attributes\[(\d+)\]/.exec(target)
  if (attribute) {
    const type = attributeList(r)[Number(attribute[1])]?.type
    const field = formFields.find((f) => f.path === `attribute:${type}`)
    if (field) return field
  }
  return formFields.find((field) => owns(field, target))
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a ?? '') === JSON.stringify(b ?? '')
}

export type { Referral }
