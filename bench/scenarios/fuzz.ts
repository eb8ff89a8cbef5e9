// Issue 9 item 2: generated requests (bodies, patches, OData options, headers, tokens, paths)
// through the HTTP layer in this process, as `npm run fuzz` sends them; the row gives requests/s
// and the 5xx count (target 0). `npm run fuzz -- --requests 100000` runs the long version.
import type { Env } from '../measure.js'
import type { Row } from '../report.js'
import { runFuzz, statusSummary } from '../../test/support/fuzz-run.js'

export async function fuzzScenario(env: Env, requests: number): Promise<Row[]> {
  env.log(`fuzz: ${requests} generated requests`)
  const before = process.cpuUsage()
  const run = await runFuzz(requests, 1)
  const cpu = process.cpuUsage(before)
  const refusedButChanged = run.faults.length - run.serverErrors
  return [
    {
      scenario: 'fuzz: generated requests through the HTTP layer (app.inject), seed 1',
      rows: '3+',
      cpuMs: (cpu.user + cpu.system) / 1000 / run.total,
      target: { text: '0 × 5xx, 0 refused requests that changed data', met: run.faults.length === 0 },
      note: `${run.total} requests at ${Math.round(run.total / run.seconds)} requests/s: ${run.serverErrors} × 5xx, ${refusedButChanged} refused but changed data; ${statusSummary(run.statuses)}`,
    },
  ]
}
