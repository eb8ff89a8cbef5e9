// Walks a path such as customerProfile/address/country through a catalogue, returning the field
// and the catalogue's spelling of each segment, or a message naming the offending segment.
import { lookupField, memberNames, type Catalogue, type Field } from './catalogue.js'
import { quote } from './problem.js'

export type ResolvedPath = { readonly segments: readonly string[]; readonly field: Field }

export type PathStart = { readonly field: Field; readonly label: string }

/**
 * `start` is the field a lambda variable stands for, or undefined for the referral itself.
 * `offset` is where the first segment begins; later segments are assumed to follow after '/'.
 */
export function resolvePath(
  catalogue: Catalogue,
  segments: readonly string[],
  offset: number,
  start?: PathStart,
): { ok: true; path: ResolvedPath } | { ok: false; message: string; offset: number } {
  let field: Field = start?.field ?? { kind: 'object', fields: catalogue }
  let label = start?.label ?? ''
  let at = offset
  const names: string[] = []
  for (const segment of segments) {
    if (field.kind !== 'object') {
      const owner = label === '' ? 'the referral' : quote(label)
      const message =
        field.kind === 'array'
          ? `${owner} at offset ${at} is a collection; use ${label}/any(x: x/${segment} …) or ${label}/all(…)`
          : `${owner} has no property ${quote(segment)} (at offset ${at}): it is a single value`
      return { ok: false, message, offset: at }
    }
    const found = lookupField(field.fields, segment)
    if (found === undefined) {
      const hint =
        suggest(segment, Object.keys(field.fields)) ??
        (label === '' ? nestedMatch(catalogue, segment) : undefined)
      const where =
        label === ''
          ? names.length === 0 && start === undefined && segments.length > 1
            ? ' (nor a lambda variable in scope)'
            : ''
          : ` of ${quote(label)}`
      const expected =
        hint === undefined ? `, expected one of ${memberNames(field.fields)}` : `; did you mean '${hint}'?`
      return {
        ok: false,
        message: `unknown property ${quote(segment)}${where} at offset ${at}${expected}`,
        offset: at,
      }
    }
    names.push(found.name)
    field = found.field
    label = label === '' ? found.name : `${label}/${found.name}`
    at += segment.length + 1
  }
  return { ok: true, path: { segments: names, field } }
}

/** `dealValue` → `details/dealValue` when exactly one nested property has that name. */
function nestedMatch(fields: Catalogue, name: string, prefix = ''): string | undefined {
  const matches: string[] = []
  const visit = (members: Catalogue, path: string): void => {
    for (const [key, field] of Object.entries(members)) {
      if (path !== '' && key.toLowerCase() === name.toLowerCase()) matches.push(`${path}${key}`)
      if (field.kind === 'object') visit(field.fields, `${path}${key}/`)
    }
  }
  visit(fields, prefix)
  return matches.length === 1 ? matches[0] : undefined
}

/** The closest member name within two edits (one for short names), for "did you mean" hints. */
function suggest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance <= Math.min(2, name.length >> 1) && (best === undefined || distance < best.distance))
      best = { name: candidate, distance }
  }
  return best?.name
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
