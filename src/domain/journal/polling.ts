// Polling that webhooks would replace. A polling run is a series of at least 10 GETs of one client
// for one URL (path and query) that all got the same answer (same status, same ETag or body hash),
// each arriving a steady interval after the one before: within 25 % (at least 0.5 s) of the mean
// interval of the run so far, the mean being 1 s or more (faster repeats are a burst, not a loop).
// The GETs are read in time order; a changed answer ends a run and starts the next, an unsteady
// interval ends a run and starts the next from the pair it separates.
import { examplesOf, plural, type Finding } from './finding.js'
import type { JournalEntry } from './journal-entry.js'

export const pollingRule = { minRequests: 10, tolerance: 0.25, minToleranceMs: 500, minIntervalMs: 1000 }

export interface PollingRun {
  readonly url: string
  readonly requests: readonly JournalEntry[]
  readonly meanIntervalMs: number
}

export function polling(entries: readonly JournalEntry[]): Finding[] {
  const runs = pollingRuns(entries)
  const first = runs[0]
  if (!first) return []
  const count = runs.reduce((sum, run) => sum + run.requests.length, 0)
  const urls = new Set(runs.map((run) => run.url)).size
  const others = urls > 1 ? ` (and ${plural(urls - 1, 'other URL')})` : ''
  return [
    {
      kind: 'polling',
      title: 'Polling loop that webhooks would replace',
      count,
      what: `GET ${first.url} was sent ${first.requests.length} times about every ${(first.meanIntervalMs / 1000).toFixed(1)} s and got the same answer each time${others}; ${plural(count, 'request')} in ${plural(runs.length, 'loop')} changed nothing.`,
      why: 'Polling spends the client’s request budget on answers it already has, is throttled first when traffic grows, and still learns of a change only at the next tick.',
      instead:
        'Subscribe to referral webhooks (referral-created, referral-updated) and read a referral when its event arrives; keep at most a slow reconciliation list with a $filter on updatedDateTime.',
      examples: examplesOf(runs.map((run) => run.requests[0]!.requestId)),
    },
  ]
}

export function pollingRuns(entries: readonly JournalEntry[]): PollingRun[] {
  const byUrl = new Map<string, JournalEntry[]>()
  for (const entry of entries) {
    if (entry.method !== 'GET') continue
    const series = byUrl.get(entry.url)
    if (series) series.push(entry)
    else byUrl.set(entry.url, [entry])
  }
  return [...byUrl.values()].flatMap(runsOf)
}

function runsOf(series: readonly JournalEntry[]): PollingRun[] {
  const runs: PollingRun[] = []
  let start = 0
  let mean = 0
  let intervals = 0
  const close = (end: number) => {
    const requests = series.slice(start, end + 1)
    if (requests.length >= pollingRule.minRequests && mean >= pollingRule.minIntervalMs)
      runs.push({ url: series[start]!.url, requests, meanIntervalMs: mean })
  }
  for (let i = 1; i < series.length; i++) {
    const interval = series[i]!.at - series[i - 1]!.at
    const same = sameAnswer(series[start]!, series[i]!)
    if (same && (intervals === 0 || steady(interval, mean))) {
      mean = (mean * intervals + interval) / (intervals + 1)
      intervals++
      continue
    }
    close(i - 1)
    start = same ? i - 1 : i
    mean = same ? interval : 0
    intervals = same ? 1 : 0
  }
  close(series.length - 1)
  return runs
}

function sameAnswer(a: JournalEntry, b: JournalEntry): boolean {
  return a.status === b.status && a.answer === b.answer
}

function steady(interval: number, mean: number): boolean {
  const tolerance = Math.max(mean * pollingRule.tolerance, pollingRule.minToleranceMs)
  return Math.abs(interval - mean) <= tolerance
}
