// Drives generated requests through the HTTP layer (test/support/fuzz-requests.ts) and prints
// requests/s, the answers by status, and every 5xx or refused request that changed stored data.
//   npm run fuzz -- [--requests 100000] [--seed 1]
import { parseArgs } from 'node:util'
import { runFuzz, statusSummary } from '../test/support/fuzz-run.js'

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } },
})
const run = await runFuzz(Number(values.requests), Number(values.seed), (done, faults) => {
  if (done % 10_000 === 0) console.error(`${done} requests, ${faults} faults`)
})
console.log(
  `${run.total} requests in ${run.seconds.toFixed(1)} s: ${(run.total / run.seconds).toFixed(0)} requests/s (seed ${run.seed})`,
)
console.log(`by status: ${statusSummary(run.statuses)}`)
console.log(
  `5xx: ${run.serverErrors}; refused requests that changed stored referrals: ${run.faults.length - run.serverErrors}`,
)
for (const line of run.faults.slice(0, 20)) console.log(line)
process.exitCode = run.faults.length === 0 ? 0 : 1
