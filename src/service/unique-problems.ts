import type { Problem } from '../domain/errors.js'

/** Normalisation, schema and rules can notice the same fault; a client hears of it once. */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.target}\u0000${p.rule}\u0000${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
