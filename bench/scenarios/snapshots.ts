// Issue 9: a snapshot save or restore of 100,000 referrals holds no other request. Each runs on
// the server's snapshot thread; meanwhile /healthz is timed one request after another until the
// admin request is answered. The row's figures are /healthz's; the note gives the operation's time.
import { startCosell } from '../cosell.js'
import { label, type Dataset } from '../datasets.js'
import { sequentialResult, timeGet, type Timed } from '../load.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'

const healthTargetMs = 50
const operationTimeoutMs = 300_000

const operations = [
  { name: 'save', method: 'PUT', path: '/_cosell/snapshots/bench' },
  { name: 'restore', method: 'POST', path: '/_cosell/snapshots/bench/restore' },
] as const

export async function snapshotScenario(env: Env, dataset: Dataset): Promise<Row[]> {
  const server = await startCosell(env.build, dataset.dir)
  const rows: Row[] = []
  try {
    for (const operation of operations) {
      const started = performance.now()
      let done = false
      const admin = fetch(`${server.origin}${operation.path}`, {
        method: operation.method,
        signal: AbortSignal.timeout(operationTimeoutMs),
      }).then(async (response) => {
        done = true
        return { status: response.status, text: await response.text() }
      })
      const health: Timed[] = []
      while (!done) health.push(await timeGet(`${server.origin}/healthz`, {}, operationTimeoutMs))
      const answer = await admin
      const seconds = (performance.now() - started) / 1000
      if (answer.status !== 200)
        throw new Error(`snapshot ${operation.name}: ${answer.status} ${answer.text}`)
      const load = sequentialResult(health)
      rows.push({
        scenario: `/healthz during a snapshot ${operation.name}`,
        rows: label(dataset.size),
        connections: 1,
        load,
        peakMb: server.memory().peakMb,
        target: { text: `p99 ≤ ${healthTargetMs} ms`, met: load.p99 <= healthTargetMs },
        note: `the ${operation.name} took ${seconds.toFixed(1)} s; ${health.length} /healthz answered meanwhile`,
      })
    }
    await fetch(`${server.origin}/_cosell/snapshots/bench`, { method: 'DELETE' }) // the data set is shared
    return rows
  } finally {
    await server.stop()
  }
}
