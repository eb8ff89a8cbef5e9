// How large a filter may be. Nesting limits bound recursion; flat chains (`a or b or …`) are read
// in loops that nesting cannot see, so operators and function calls are counted while reading and
// judged once the whole filter is read: the tree is dropped unvisited, at no cost of recursion.
import { problem, type QueryProblem } from './problem.js'

export type ParseLimits = {
  readonly maxDepth: number
  readonly maxLambdaDepth: number
  /** Most operators (comparisons, in, and/or/not, arithmetic, negation, any/all) in one filter. */
  readonly maxTerms: number
  readonly maxFunctions: number
}

export const defaultParseLimits: ParseLimits = {
  maxDepth: 32,
  maxLambdaDepth: 3,
  maxTerms: 100,
  maxFunctions: 20,
}

/** What a filter of these counts breaks, every limit at once. */
export function sizeProblems(
  option: string,
  counts: { readonly terms: number; readonly functions: number },
  limits: ParseLimits,
): QueryProblem[] {
  const messages = [
    counts.terms > limits.maxTerms &&
      `at most ${limits.maxTerms} operators (comparisons, in, and, or, not, arithmetic, any/all) are allowed, found ${counts.terms}`,
    counts.functions > limits.maxFunctions &&
      `at most ${limits.maxFunctions} function calls are allowed, found ${counts.functions}`,
  ]
  return messages.flatMap((message) => (message ? [problem(option, message)] : []))
}
