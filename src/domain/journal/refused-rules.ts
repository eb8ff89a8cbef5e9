// Requests refused by validation, grouped by rule and field: one finding a (rule, target), the
// most frequent first.
import { examplesOf, plural, type Finding } from './finding.js'
import type { JournalEntry } from './journal-entry.js'

export function refusedByValidation(entries: readonly JournalEntry[]): Finding[] {
  const groups = new Map<string, { rule: string; target: string; requestIds: string[] }>()
  for (const entry of entries) {
    for (const { rule, target } of entry.refused ?? []) {
      const key = `${rule}\u0000${target}`
      const group = groups.get(key) ?? { rule, target, requestIds: [] }
      if (group.requestIds.at(-1) !== entry.requestId) group.requestIds.push(entry.requestId)
      groups.set(key, group)
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.requestIds.length - a.requestIds.length || a.target.localeCompare(b.target))
    .map(({ rule, target, requestIds }) => ({
      kind: 'refusedByValidation',
      title: `Refused by validation: ${rule} on ${target}`,
      count: requestIds.length,
      what: `${plural(requestIds.length, 'request was', 'requests were')} refused with 400 because ${target} broke the rule '${rule}'.`,
      why: 'Each refused request is a referral or update that never reached Microsoft, and in production the user who entered it is rarely told.',
      instead: `Check ${target} against '${rule}' before sending (the 400's innerError.details lists the allowed values), or fix the mapping that fills it.`,
      examples: examplesOf(requestIds),
      rule,
      target,
    }))
}
