// Free text can hold anything personal, so notes are replaced whole by neutral sentences of about
// the same length; short texts that merely mention people (a referral's name, a lost reason) keep
// their words, with every personal value the referral's other fields held replaced by its fake.
import { notes } from '../../../domain/sandbox/sample-data.js'
import { valueRandom } from './value-random.js'

/** Whole sentences up to the source's length (never longer, so length limits still hold). */
export function fakeNotes(seed: string, text: string): string {
  const random = valueRandom(seed, 'notes', text)
  const length = [...text].length
  const sentences: string[] = []
  let used = 0
  for (;;) {
    const next = random.pick(notes)
    const grown = used + (sentences.length > 0 ? 1 : 0) + next.length
    if (grown > length) break
    sentences.push(next)
    used = grown
  }
  return sentences.length > 0 ? sentences.join(' ') : firstWords(random.pick(notes), length)
}

/** The words of `sentence` that fit in `length`, or its first `length` letters when no word does. */
function firstWords(sentence: string, length: number): string {
  let out = ''
  for (const word of sentence.split(' ')) {
    const grown = out === '' ? word : `${out} ${word}`
    if (grown.length > length) break
    out = grown
  }
  return out === '' ? sentence.slice(0, length) : out
}

/**
 * `text` with each whole-word occurrence of a replaced value swapped for its fake, longest value
 * first (so `Sue Smith` goes before `Sue`).
 */
export function replaceKnown(text: string, replacements: ReadonlyMap<string, string>): string {
  const sources = [...replacements.keys()].sort((a, b) => b.length - a.length)
  if (sources.length === 0) return text
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${sources.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  )
  return text.replace(pattern, (found) => replacements.get(found) ?? found)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
