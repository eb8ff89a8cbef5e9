// One fuzz run: `total` generated requests through the HTTP layer, in chunks each drawn from its
// own seed, with the answers counted by status and every fault (a 5xx, or a refused request that
// changed stored data) described. `npm run fuzz` and the bench's fuzz scenario both run it.
import fc from 'fast-check'
import { fuzzRequest } from './fuzz-requests.js'
import { describeOutcome, fault, freshWhenFull, openFuzzTarget, send } from './fuzz-target.js'

export interface FuzzRun {
  readonly total: number
  readonly seed: number
  readonly seconds: number
  readonly statuses: ReadonlyMap<number, number>
  readonly serverErrors: number
  /** One line each: what went wrong and the request. */
  readonly faults: readonly string[]
}

const chunk = 1000

export async function runFuzz(
  total: number,
  seed: number,
  progress: (done: number, faults: number) => void = () => undefined,
): Promise<FuzzRun> {
  let target = await openFuzzTarget()
  const statuses = new Map<number, number>()
  const faults: string[] = []
  const started = performance.now()
  try {
    for (let sent = 0; sent < total; sent += chunk) {
      const batch = fc.sample(fc.tuple(fuzzRequest, fc.nat()), {
        seed: seed + sent / chunk,
        numRuns: Math.min(chunk, total - sent),
      })
      for (const [request, pick] of batch) {
        target = await freshWhenFull(target)
        const outcome = await send(target, request, pick)
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1)
        const found = fault(outcome)
        if (found !== undefined) faults.push(`${found}: ${describeOutcome(outcome)}`)
      }
      progress(Math.min(total, sent + chunk), faults.length)
    }
  } finally {
    await target.t.close()
  }
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
  return { total, seed, seconds: (performance.now() - started) / 1000, statuses, serverErrors, faults }
}

/** `200×23448 204×2306 …` */
export function statusSummary(statuses: ReadonlyMap<number, number>): string {
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')
}
