// `npm start` as a user runs it, in the repository root: the time from the command to the first
// healthy /healthz answer, each run on a fresh data directory. `npm start` serves the dist/ that
// `npm install` built; when dist/ is missing or older than src/ it builds first and says so, and
// the row's note repeats what it said, since the figure then includes the build.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'

const root = resolve(import.meta.dirname, '../..')
const runs = 3
const targetSeconds = 5
const timeoutMs = 180_000

type Start = { readonly seconds: number; readonly built: boolean }

export async function firstStartScenario(env: Env): Promise<Row[]> {
  const starts: Start[] = []
  for (let run = 0; run < runs; run++)
    starts.push(await timeNpmStart(mkdtempSync(join(env.workDir, 'start-'))))
  const seconds = starts.map((s) => s.seconds).sort((a, b) => a - b)
  const median = seconds[Math.floor(seconds.length / 2)]!
  const builds = starts.filter((s) => s.built).length
  return [
    {
      scenario: 'npm start → first healthy /healthz, fresh data directory',
      rows: '0',
      target: { text: `median ≤ ${targetSeconds} s`, met: median <= targetSeconds },
      note: [
        `median ${median.toFixed(2)} s of ${runs} (${seconds.map((s) => s.toFixed(2)).join(', ')} s)`,
        builds > 0 ? `${builds} of them built dist/ first (it was missing or older than src/)` : '',
      ]
        .filter(Boolean)
        .join('; '),
    },
  ]
}

async function timeNpmStart(dataDir: string): Promise<Start> {
  const started = performance.now()
  // its own process group, so npm, the shell it starts and the server all stop together
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', COSELL_DATA_DIR: dataDir, COSELL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  try {
    const origin = await until(() => /serving the Referrals API on (https?:\/\/[^/\s]+)/.exec(output)?.[1])
    await until(async () => ((await healthy(origin)) ? true : undefined))
    return { seconds: (performance.now() - started) / 1000, built: /building/i.test(output) }
  } catch (error) {
    throw new Error(`npm start: ${error instanceof Error ? error.message : String(error)}\n${output}`)
  } finally {
    process.kill(-child.pid!, 'SIGTERM')
    await exited
  }

  async function until<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`)
      const value = await probe()
      if (value !== undefined) return value
      await new Promise((wait) => setTimeout(wait, 20))
    }
    throw new Error(`no healthy answer within ${timeoutMs / 1000} s`)
  }
}

async function healthy(origin: string): Promise<boolean> {
  try {
    return (await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok
  } catch {
    return false
  }
}
