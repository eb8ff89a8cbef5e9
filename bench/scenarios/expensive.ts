// Issue 9: no request may hold the server. /healthz timed by autocannon while 4 clients keep
// asking, one request after another, for a list whose filter walks every document (by default
// 20 contains() terms OR-ed, the most $filter allows; 320 held main's event loop for 33 s). The
// heavy lists run on reader threads; their answers (200, or 400 when the budget stops them) are
// counted, not timed.
import { listPath } from '../api.js'
import { startCosell } from '../cosell.js'
import { label, type Dataset } from '../datasets.js'
import { runLoad } from '../load.js'
import { withCpu, type Env } from '../measure.js'
import type { Row } from '../report.js'
import { getTimed } from './list-requests.js'

const heavyClients = 4
const healthTargetMs = 50

/** `contains(name,'u0') or … contains(name,'u<terms-1>')`. */
export function containsFilter(terms: number): string {
  return Array.from({ length: terms }, (_, n) => `contains(name,'u${n}')`).join(' or ')
}

export async function expensiveScenario(env: Env, dataset: Dataset, terms: number): Promise<Row[]> {
  const server = await startCosell(env.build, dataset.dir)
  try {
    const url = `${server.origin}${listPath({ $filter: containsFilter(terms) })}`
    const statuses: Record<string, number> = {}
    let running = true
    const client = async () => {
      while (running) {
        const answer = await getTimed(url)
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
      }
    }
    const clients = Array.from({ length: heavyClients }, client)
    const seconds = env.seconds + env.warmupSeconds
    const [health, cpu] = await withCpu(server, () =>
      runLoad({
        origin: server.origin,
        seconds,
        connections: 1,
        headers: {},
        next: () => ({ path: '/healthz' }),
      }),
    )
    running = false
    await Promise.all(clients)
    const answered = Object.entries(statuses)
      .map(([status, n]) => `${label(n)} × ${status}`)
      .join(', ')
    return [
      {
        scenario: `/healthz while ${heavyClients} clients list with ${terms} contains() terms OR-ed`,
        rows: label(dataset.size),
        connections: 1,
        load: health,
        cpu,
        peakMb: server.memory().peakMb,
        target: { text: `p99 ≤ ${healthTargetMs} ms`, met: health.p99 <= healthTargetMs },
        note: `heavy lists answered: ${answered || 'none yet'} (400: stopped by COSELL_QUERY_TIMEOUT_MS)`,
      },
    ]
  } finally {
    await server.stop()
  }
}
