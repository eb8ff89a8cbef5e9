// Issue 2's memory target: the cosell process's peak RSS with 100,000 referrals stored while it
// serves GET by id and list (pages of 100, the largest a client gets) at the same time.
import { anyOf, authorization, collectionPath, itemPath } from '../api.js'
import { startCosell } from '../cosell.js'
import { label, seededIds, type Dataset } from '../datasets.js'
import { runLoad } from '../load.js'
import { withCpu, type Env } from '../measure.js'
import type { Row } from '../report.js'

const peakTargetMb = 250
const connectionsEach = 5

export async function memoryScenario(env: Env, dataset: Dataset): Promise<Row[]> {
  const server = await startCosell(env.build, dataset.dir)
  try {
    const idleMb = server.memory().rssMb
    const ids = seededIds(dataset.size)
    const common = {
      origin: server.origin,
      seconds: env.seconds + env.warmupSeconds,
      connections: connectionsEach,
      headers: { authorization },
    }
    server.resetPeak()
    const [[byId, pages], cpu] = await withCpu(server, () =>
      Promise.all([
        runLoad({ ...common, next: () => ({ path: itemPath(anyOf(ids)) }) }),
        runLoad({ ...common, next: () => ({ path: collectionPath }) }),
      ]),
    )
    const peakMb = server.memory().peakMb
    const target = { text: `peak RSS ≤ ${peakTargetMb} MB`, met: peakMb <= peakTargetMb }
    const rows = label(dataset.size)
    return [
      {
        scenario: 'GET by id, alongside the list load',
        rows,
        connections: connectionsEach,
        load: byId,
        cpu,
        cpuCovers: byId.rps + pages.rps,
        peakMb,
        target,
        note: `RSS ${idleMb.toFixed(0)} MB idle after start`,
      },
      {
        scenario: 'list (100 a page), alongside GET by id',
        rows,
        connections: connectionsEach,
        load: pages,
        cpu,
        cpuCovers: byId.rps + pages.rps,
        peakMb,
        target,
      },
    ]
  } finally {
    await server.stop()
  }
}
