// Drives generated requests through the HTTP layer (test/support/fuzz-requests.ts) and prints
// requests/s, the answers by status, and every 5xx or refused request that changed stored data.
//   npm run fuzz -- [--requests 100000] [--seed 1]
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { fuzzRequest } from '../test/support/fuzz-requests.js'
import { describeOutcome, fault, freshWhenFull, openFuzzTarget, send } from '../test/support/fuzz-target.js'

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } },
})
const total = Number(values.requests)
const seed = Number(values.seed)
const chunk = 1000 // requests generated at a time, each chunk from its own seed

let target = await openFuzzTarget()
const statuses = new Map<number, number>()
const faults: string[] = []
const started = performance.now()
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
  const done = Math.min(total, sent + chunk)
  if (done % 10_000 === 0) console.error(`${done} requests, ${faults.length} faults`)
}
const seconds = (performance.now() - started) / 1000
await target.t.close()

const fivexx = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
console.log(
  `${total} requests in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} requests/s (seed ${seed})`,
)
console.log(
  `by status: ${[...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')}`,
)
console.log(`5xx: ${fivexx}; refused requests that changed stored referrals: ${faults.length - fivexx}`)
for (const line of faults.slice(0, 20)) console.log(line)
process.exitCode = faults.length === 0 ? 0 : 1
