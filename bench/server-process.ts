// Servers under test run in child processes: they get a core of their own instead of sharing the
// load generator's event loop, and their memory is read from /proc/<pid>/status. Every child is
// remembered until it exits, so `killChildren` can end them all when the bench fails or is interrupted.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

export type Memory = { readonly rssMb: number; readonly peakMb: number }

export type ServerProcess = {
  readonly pid: number
  /** Origin the server listens on, e.g. http://127.0.0.1:40123. */
  readonly origin: string
  memory(): Memory
  /** CPU time (user + system, all threads) used so far, in seconds. */
  cpuSeconds(): number
  /** Starts a new peak-RSS window (VmHWM := VmRSS); false where the kernel does not allow it. */
  resetPeak(): boolean
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>
}

const children = new Set<ChildProcess>()

export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL')
}

export type StartOptions = {
  readonly args: readonly string[]
  readonly env?: Record<string, string>
  /** A line of output that says the server is ready; group 1 is its origin. */
  readonly ready: RegExp
  /** Where that line appears; default standard output. */
  readonly readyOn?: 'stdout' | 'stderr'
  readonly timeoutMs?: number
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, options.args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => children.delete(child))
  const readyOn = options.readyOn ?? 'stdout'
  const origin = await waitForReady(child, options.ready, readyOn, options.timeoutMs ?? 60_000).catch(
    (error: unknown) => {
      child.kill('SIGKILL')
      throw error
    },
  )
  const pid = child.pid!
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill(name)
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  return {
    pid,
    origin,
    memory: () => readMemory(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    resetPeak: () => resetPeak(pid),
    stop: () => signal('SIGTERM', 5_000),
    kill: () => signal('SIGKILL', 0),
  }
}

function waitForReady(
  child: ChildProcess,
  ready: RegExp,
  readyOn: 'stdout' | 'stderr',
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen = { stdout: '', stderr: '' }
    const other = readyOn === 'stdout' ? 'stderr' : 'stdout'
    const timer = setTimeout(() => fail(`did not say it was ready within ${timeoutMs} ms`), timeoutMs)
    function fail(why: string) {
      clearTimeout(timer)
      reject(new Error(`server ${why}\n--- stdout ---\n${seen.stdout}\n--- stderr ---\n${seen.stderr}`))
    }
    child[other]!.on(
      'data',
      (chunk: Buffer) => (seen[other] = (seen[other] + chunk.toString()).slice(-8_000)),
    )
    child[readyOn]!.on('data', (chunk: Buffer) => {
      seen[readyOn] += chunk.toString()
      const match = ready.exec(seen[readyOn])
      if (!match) return
      clearTimeout(timer)
      child[readyOn]!.removeAllListeners('data').resume() // keep draining, never block the child
      resolve(match[1]!)
    })
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`))
  })
}

function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

const ticksPerSecond = 100 // USER_HZ, the unit of /proc/<pid>/stat times on Linux

/** CPU time (user + system) process `pid` has used, in seconds. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // fields after the parenthesised command name; utime and stime are the 14th and 15th of the line
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}
