// The `cosell` CLI run as a user runs it, in a child process of the build under test, reporting its
// own peak RSS on standard error as it exits.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Env } from './measure.js'

// Loaded into the CLI with --import: its peak RSS, on standard error, as it exits. VmHWM, where
// Linux has it: getrusage's maxRSS survives exec, so a child forked from a bench process that
// holds a data set reports the bench's own peak (both --all runs of 100,000 referrals said 532 MB).
const reportPeakSource = `import { readFileSync } from 'node:fs';
process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? kb); } catch {}
  process.stderr.write('peak-rss-kb ' + kb + '\\n');
});`
const reportPeak = `data:text/javascript,${encodeURIComponent(reportPeakSource)}`

export interface CliRun {
  readonly stdout: string
  /** The last 4,000 characters of standard error. */
  readonly stderr: string
  readonly peakKb: number
  readonly seconds: number
}

/** Node arguments that start the build's `cosell`: its `serve` command without `serve`. */
export function cliArgs(env: Env): readonly string[] {
  return env.build.args.slice(0, -1)
}

/** Runs `cosell <args>`; throws with its output when it fails. */
export async function runCli(env: Env, args: readonly string[]): Promise<CliRun> {
  const cli = cliArgs(env)
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', reportPeak, ...cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  const [code] = (await once(child, 'exit')) as [number | null]
  const peak = /peak-rss-kb (\d+)/.exec(stderr)
  if (code !== 0 || !peak)
    throw new Error(`bench: cosell ${args[0]} exited with ${code}:\n${stdout}\n${stderr}`)
  return { stdout, stderr, peakKb: Number(peak[1]), seconds: (performance.now() - started) / 1000 }
}
