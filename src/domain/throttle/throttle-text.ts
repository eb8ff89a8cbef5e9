// A throttle profile as one line of text, for COSELL_THROTTLE, `--throttle` and what the CLI
// prints: `off`, `connector`, or budgets such as `read=100/60,write=20/60` (LIMIT/SECONDS; also
// `calls=…`, one budget every call draws on).
import type { Problem } from '../errors.js'
import type { ThrottleProfile } from './throttle-profile.js'

const budgetNames = ['calls', 'read', 'write'] as const
const budgetText = /^\s*(\S+?)\s*\/\s*(\S+?)\s*$/

/**
 * The profile the text names, unvalidated (numbers stay text for the schema to coerce and check),
 * and what could not be read at all.
 */
export function readThrottleText(text: string): { value: unknown; problems: Problem[] } {
  const trimmed = text.trim().toLowerCase()
  if (!trimmed.includes('=')) return { value: { profile: trimmed }, problems: [] }
  const value: Record<string, unknown> = { profile: 'custom' }
  const problems: Problem[] = []
  for (const part of trimmed.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', budget = ''] = part.split('=').map((s) => s.trim())
    if (!(budgetNames as readonly string[]).includes(name)) {
      problems.push({
        target: 'profile',
        rule: 'enum',
        message: `'${name}' is not a budget; write calls=, read= or write= LIMIT/SECONDS, e.g. read=100/60.`,
        allowedValues: [...budgetNames],
      })
      continue
    }
    const read = budgetFromText(budget)
    if (read) value[name] = read
    else
      problems.push({
        target: name,
        rule: 'format',
        message: `${name}=${budget} is not LIMIT/SECONDS, e.g. ${name}=100/60.`,
      })
  }
  return { value, problems }
}

/** `100/60` → `{ limit: '100', periodSeconds: '60' }`; undefined when there is no single slash. */
export function budgetFromText(text: string): { limit: string; periodSeconds: string } | undefined {
  const match = budgetText.exec(text)
  if (!match || match[1]!.includes('/') || match[2]!.includes('/')) return undefined
  return { limit: match[1]!, periodSeconds: match[2]! }
}

/** `off`, `connector`, or `read=100/60,write=20/60`: what readThrottleText reads back. */
export function throttleText(profile: ThrottleProfile): string {
  if (profile.profile !== 'custom') return profile.profile
  return budgetNames
    .flatMap((name) => {
      const budget = profile[name]
      return budget ? [`${name}=${budget.limit}/${budget.periodSeconds}`] : []
    })
    .join(',')
}
