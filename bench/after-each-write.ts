// List requests one after another, each right after a PATCH of another referral's notes: a kept
// count must be brought forward over the write (or counted again) before the list answers. Only the
// list requests are timed; the server CPU share includes the PATCHes. The PATCH and the list may go
// to different servers of one database: then the count follows a write the listing server did not
// make.
import { itemPath, jsonHeaders, notesPatch } from './api.js'
import { openSeededIds, type Dataset } from './datasets.js'
import { sequentialResult, type Timed } from './load.js'
import { withCpuOf, type CpuCounter, type Env, type Measured } from './measure.js'
import type { ServerProcess } from './server-process.js'
import { getTimed } from './scenarios/list-requests.js'

let writesSent = 0 // across measurements: every PATCH sets a new value, on another referral

export async function afterEachWrite(
  env: Env,
  servers: { readonly write: ServerProcess; readonly list: ServerProcess },
  dataset: Dataset,
  path: string,
  database?: CpuCounter,
): Promise<Measured> {
  const ids = openSeededIds(Math.min(dataset.size, 20_000))
  const write = async () => {
    const n = writesSent++
    const response = await fetch(`${servers.write.origin}${itemPath(ids[n % ids.length]!)}`, {
      method: 'PATCH',
      headers: jsonHeaders,
      body: notesPatch(`bench write ${n} before a list request`),
    })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`bench: a PATCH between list requests answered ${response.status}`)
  }
  const involved = [...new Set([servers.write, servers.list])]
  const deadline = performance.now() + env.seconds * 1000
  const [samples, cpu] = await withCpuOf(
    involved,
    async () => {
      const taken: Timed[] = []
      while (performance.now() < deadline) {
        await write()
        taken.push(await getTimed(`${servers.list.origin}${path}`))
      }
      return taken
    },
    database,
  )
  const peakMb = Math.max(...involved.map((server) => server.memory().peakMb))
  return { load: sequentialResult(samples), peakMb, connections: 1, cpu }
}
