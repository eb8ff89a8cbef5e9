// A real `cosell serve` in a child process, for the tests that need a process to kill or a data
// directory to fight over. Every wait is bounded; every child is tracked so `stopAll` can end it.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const readyLine = /cosell: serving the Referrals API on (https?:\/\/\S+?)\/v1\.0\/engagements\/referrals/
// A bound, not a speed claim: a child compiling TypeScript through tsx on a busy 2-core machine can
// take tens of seconds to listen.
const startTimeoutMs = 120_000

export interface ServerChild {
  readonly child: ChildProcess
  /** Everything the child wrote so far, stdout and stderr together. */
  output(): string
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>
}

export interface RunningServer extends ServerChild {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string
}

const children = new Set<ChildProcess>()

/** Spawns `cosell serve` on `dataDir`, port chosen by the OS, logs off; `settings` override any of it. */
export function spawnServer(dataDir: string, settings: Readonly<Record<string, string>> = {}): ServerChild {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('COSELL_') && key !== 'PORT' && key !== 'HOST',
    ),
  )
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      COSELL_DATA_DIR: dataDir,
      COSELL_LOG_LEVEL: 'silent',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child)
      resolve(code)
    }),
  )
  return { child, output: () => output, exited }
}

/** Starts a server and waits for its ready line; fails if it exits or stays silent too long. */
export async function startServer(
  dataDir: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<RunningServer> {
  const server = spawnServer(dataDir, settings)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${startTimeoutMs} ms:\n${server.output()}`)),
      startTimeoutMs,
    )
    const check = () => {
      const match = readyLine.exec(server.output())
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    server.child.stdout?.on('data', check)
    void server.exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code} before it was ready:\n${server.output()}`))
    })
  })
  return { ...server, url }
}

/** Waits for a child to exit, at most `ms`; undefined when it is still running. */
export function exitWithin(server: ServerChild, ms: number): Promise<number | null | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms)
    void server.exited.then((code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/** kill -9 of one server we started, and its exit. */
export async function killHard(server: ServerChild): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL')
  await server.exited
}

/** Kills every server child still running; for `after` hooks. */
export async function stopAll(): Promise<void> {
  const running = [...children]
  for (const child of running) child.kill('SIGKILL')
  await Promise.all(
    running.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
    ),
  )
}
