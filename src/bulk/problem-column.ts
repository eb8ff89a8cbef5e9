// Which column of the co-sell CSV a problem the service reports is about: its target (a field
// path such as `customerProfile.address.city`, `details.requirements.solutions[0].id` or the
// pointer `/team/1/email`) read against the fields the columns carry.
import { fixedColumns } from './layout.js'

const listColumns = [
  { pattern: /^details\.requirements\.solutions\[(\d+)\]/, prefix: 'Solution' },
  { pattern: /^team\[(\d+)\]/, prefix: 'Team member' },
] as const

/** The header of the column `target` names, or undefined when no column carries it. */
export function columnOfTarget(target: string): string | undefined {
  const path = dotted(target)
  for (const { pattern, prefix } of listColumns) {
    const match = pattern.exec(path)
    if (match) return `${prefix} ${Number(match[1]) + 1}`
  }
  let best: { header: string; length: number } | undefined
  for (const column of fixedColumns) {
    for (const field of column.field.split(', ').filter(Boolean)) {
      const covers = path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)
      if (covers && field.length > (best?.length ?? -1))
        best = { header: column.header, length: field.length }
    }
  }
  if (best) return best.header
  if (path === 'details.requirements.solutions') return 'Solution 1'
  return fixedColumns.find((c) => c.field.startsWith(`${path}.`))?.header
}

/** `/team/1/email` → `team[1].email`; a dotted path is kept. */
function dotted(target: string): string {
  if (!target.startsWith('/')) return target
  return target
    .slice(1)
    .split('/')
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('')
}
