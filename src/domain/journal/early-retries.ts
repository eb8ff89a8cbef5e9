// A retry before Retry-After ran out: an answer of 429 or 503 with `Retry-After: s`, then the
// same client's next request for the same method and path arriving before s seconds had passed
// since that answer. Only the first request after each refusal is judged.
import { examplesOf, plural, type Finding } from './finding.js'
import { pathOf, type JournalEntry } from './journal-entry.js'

interface EarlyRetry {
  readonly retry: JournalEntry
  readonly waitedMs: number
  readonly askedSeconds: number
}

export function earlyRetries(entries: readonly JournalEntry[]): Finding[] {
  const early = findEarlyRetries(entries)
  const first = early[0]
  if (!first) return []
  const operation = `${first.retry.method} ${pathOf(first.retry)}`
  return [
    {
      kind: 'earlyRetry',
      title: 'Retried before Retry-After ran out',
      count: early.length,
      what: `${plural(early.length, 'request')} came back before the Retry-After of a 429 or 503 had passed, e.g. ${operation} again after ${seconds(first.waitedMs)} when ${first.askedSeconds} s were asked.`,
      why: 'An early retry is refused again and still spends the client’s request budget, so a throttled client stays throttled longer and a busy service is kept busy.',
      instead:
        'Wait at least the Retry-After seconds of the answer before sending the request again, then back off exponentially with jitter if it is refused again.',
      examples: examplesOf(early.map((e) => e.retry.requestId)),
    },
  ]
}

function findEarlyRetries(entries: readonly JournalEntry[]): EarlyRetry[] {
  const refused = new Map<string, JournalEntry>() // method and path → the refusal awaiting its retry
  const early: EarlyRetry[] = []
  for (const entry of entries) {
    const operation = `${entry.method} ${pathOf(entry)}`
    const refusal = refused.get(operation)
    if (refusal) {
      refused.delete(operation)
      const answeredAt = refusal.at + refusal.ms
      const askedSeconds = refusal.retryAfter ?? 0
      if (entry.at < answeredAt + askedSeconds * 1000)
        early.push({ retry: entry, waitedMs: entry.at - answeredAt, askedSeconds })
    }
    if ((entry.status === 429 || entry.status === 503) && entry.retryAfter !== undefined)
      refused.set(operation, entry)
  }
  return early
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`
}
