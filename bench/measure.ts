// One measurement: a short warm-up (JIT, caches), then the timed load, with the server's peak RSS
// over both (its VmHWM is reset first, where the kernel allows it).
import type { CosellBuild } from './cosell.js'
import { runSpreadLoad, type LoadOptions, type LoadResult } from './load.js'
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

/** Share of one core each side used during a measurement: says which side was the bottleneck.
 *  `server` sums every server process measured; `database` the database's processes, if counted. */
export type CpuShare = { readonly server: number; readonly client: number; readonly database?: number }

/** CPU seconds each process of a side used so far, by pid (e.g. a database's backends, which come
 *  and go: one that ends within a measurement takes its seconds with it). */
export type CpuCounter = () => Promise<ReadonlyMap<number, number>>

export type Measured = {
  readonly load: LoadResult
  readonly peakMb: number
  readonly connections: number
  readonly cpu: CpuShare
}

export const throughputConnections = 10

export function measure(env: Env, server: ServerProcess, spec: LoadSpec): Promise<Measured> {
  return measureSpread(env, [server], spec)
}

export function withCpu<T>(server: ServerProcess, work: () => Promise<T>): Promise<[T, CpuShare]> {
  return withCpuOf([server], work)
}

/** The load spread over `servers` (one service behind a balancer); `database` counts the CPU of
 *  the database they share. Peak RSS is the largest server's. */
export async function measureSpread(
  env: Env,
  servers: readonly ServerProcess[],
  spec: LoadSpec,
  database?: CpuCounter,
): Promise<Measured> {
  const connections = spec.connections ?? throughputConnections
  const options = { ...spec, connections }
  const origins = servers.map((server) => server.origin)
  for (const server of servers) server.resetPeak()
  if (env.warmupSeconds > 0) await runSpreadLoad({ ...options, seconds: env.warmupSeconds }, origins)
  const [load, cpu] = await withCpuOf(
    servers,
    () => runSpreadLoad({ ...options, seconds: env.seconds }, origins),
    database,
  )
  const peakMb = Math.max(...servers.map((server) => server.memory().peakMb))
  return { load, peakMb, connections, cpu }
}

export async function withCpuOf<T>(
  servers: readonly ServerProcess[],
  work: () => Promise<T>,
  database?: CpuCounter,
): Promise<[T, CpuShare]> {
  const serverSeconds = () => servers.reduce((sum, server) => sum + server.cpuSeconds(), 0)
  const databaseBefore = await database?.()
  const started = performance.now()
  const serverBefore = serverSeconds()
  const clientBefore = process.cpuUsage()
  const result = await work()
  const client = process.cpuUsage(clientBefore)
  const seconds = (performance.now() - started) / 1000
  const serverUsed = serverSeconds() - serverBefore
  const databaseUsed = databaseBefore && used(databaseBefore, await database!())
  const share = {
    server: serverUsed / seconds,
    client: (client.user + client.system) / 1e6 / seconds,
    ...(databaseUsed === undefined ? {} : { database: databaseUsed / seconds }),
  }
  return [result, share]
}

function used(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let seconds = 0
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0)
  return seconds
}
