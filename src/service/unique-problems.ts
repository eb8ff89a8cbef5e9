import type { Problem } from '../domain/errors.js'

const limitRules = new Set(['maxLength', 'maxItems'])

/** Normalisation, schema and rules can notice the same fault; a client hears of it once. A value
 *  over a length or list limit is reported as that alone: the rules that read it after (a format,
 *  a taxonomy, "at least one solution" of a list dropped for its size) only echo it. */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const overLimit = problems.filter((p) => limitRules.has(p.rule)).map((p) => p.target)
  const seen = new Set<string>()
  return problems.filter((p) => {
    if (!limitRules.has(p.rule) && overLimit.some((target) => within(p.target, target))) return false
    const key = `${p.target}\u0000${p.rule}\u0000${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function within(target: string, outer: string): boolean {
  return target === outer || target.startsWith(`${outer}.`) || target.startsWith(`${outer}[`)
}
