// One measurement: a short warm-up (JIT, caches), then the timed load, with the server's peak RSS
// over both (its VmHWM is reset first, where the kernel allows it).
import type { CosellBuild } from './cosell.js'
import { runLoad, type LoadOptions, type LoadResult } from './load.js'
import type { ServerProcess } from './server-process.js'

export type Env = {
  readonly build: CosellBuild
  /** Length of each timed measurement. */
  readonly seconds: number
  readonly warmupSeconds: number
  /** Parent of the temporary data directories. */
  readonly workDir: string
  readonly log: (message: string) => void
}

export type LoadSpec = Omit<LoadOptions, 'origin' | 'seconds' | 'connections'> & {
  readonly connections?: number
}

/** Share of one core each side used during a measurement: says which side was the bottleneck. */
export type CpuShare = { readonly server: number; readonly client: number }

export type Measured = {
  readonly load: LoadResult
  readonly peakMb: number
  readonly connections: number
  readonly cpu: CpuShare
}

export const throughputConnections = 10

export async function measure(env: Env, server: ServerProcess, spec: LoadSpec): Promise<Measured> {
  const connections = spec.connections ?? throughputConnections
  const options = { ...spec, origin: server.origin, connections }
  server.resetPeak()
  if (env.warmupSeconds > 0) await runLoad({ ...options, seconds: env.warmupSeconds })
  const [load, cpu] = await withCpu(server, () => runLoad({ ...options, seconds: env.seconds }))
  return { load, peakMb: server.memory().peakMb, connections, cpu }
}

export async function withCpu<T>(server: ServerProcess, work: () => Promise<T>): Promise<[T, CpuShare]> {
  const started = performance.now()
  const serverBefore = server.cpuSeconds()
  const clientBefore = process.cpuUsage()
  const result = await work()
  const client = process.cpuUsage(clientBefore)
  const seconds = (performance.now() - started) / 1000
  const share = {
    server: (server.cpuSeconds() - serverBefore) / seconds,
    client: (client.user + client.system) / 1e6 / seconds,
  }
  return [result, share]
}
