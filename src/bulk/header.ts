// Reads a file's header row: columns are matched by name, ignoring case, spacing and order; a
// numbered column ("Solution 3") by its prefix. Unknown and repeated names are reported.
import { fixedColumns, numberedColumns } from './layout.js'

export interface Header {
  /** The canonical name of each field of the file's rows; undefined for an unknown column. */
  readonly keys: readonly (string | undefined)[]
  readonly unknown: readonly string[]
  readonly repeated: readonly string[]
}

// Names from other revisions of Partner Center's template.
const aliases: Readonly<Record<string, string>> = {
  'declined/lost reason': 'Declined/Lost/Error reason',
  'customer country/region': 'Customer Country',
  'customer duns id': 'Customer D-U-N-S ID',
  partnerid: 'PartnerID (formerly MPN ID)',
  'mpn id': 'PartnerID (formerly MPN ID)',
}

const known = new Map<string, string>([
  ...fixedColumns.map((c) => [squash(c.header), c.header] as const),
  ...Object.entries(aliases),
])

const numbered = new RegExp(
  `^(${numberedColumns.map((c) => c.prefix.toLowerCase()).join('|')}) ?0*([1-9]\\d*)$`,
)

function squash(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase()
}

/** The canonical name of a header cell, or undefined. */
export function columnKey(name: string): string | undefined {
  const squashed = squash(name)
  const fixed = known.get(squashed)
  if (fixed) return fixed
  const match = numbered.exec(squashed)
  if (!match) return undefined
  const prefix = numberedColumns.find((c) => c.prefix.toLowerCase() === match[1])!.prefix
  return `${prefix} ${match[2]}`
}

export function readHeader(fields: readonly string[]): Header {
  const seen = new Set<string>()
  const unknown: string[] = []
  const repeated: string[] = []
  const keys = fields.map((name) => {
    const key = columnKey(name)
    if (key === undefined) {
      if (name.trim() !== '') unknown.push(name)
      return undefined
    }
    if (seen.has(key)) {
      repeated.push(name)
      return undefined
    }
    seen.add(key)
    return key
  })
  return { keys, unknown, repeated }
}
