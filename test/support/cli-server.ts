// A real `cosell serve` for a CLI suite, and `cosell …` run against it as a user would: the
// suite's before/after hooks start and stop the server on a data directory of its own.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startServer, stopAll, type RunningServer } from './server-process.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

export interface CliServer {
  /** The server's base URL, once started. */
  readonly url: () => string
  /** Runs `cosell <args> --url <server>` from the repository root; resolves with its stdout. */
  readonly cosell: (...args: string[]) => Promise<string>
}

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * The environment a CLI child runs in: no COSELL_ setting of the machine running the tests, and
 * a config file of its own that does not exist, so no profile of the user's leaks in.
 */
export function cliEnv(settings: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('COSELL_')))
  return { ...env, COSELL_CONFIG: join(tmpdir(), 'cosell-no-such-config', 'config.json'), ...settings }
}

/**
 * Runs `cosell <args>` (no --url added) with `settings` in its environment; resolves whatever it
 * exits with. A run still going after `timeoutMs` is ended.
 */
export async function runCosell(
  args: readonly string[],
  settings: Readonly<Record<string, string>> = {},
  timeoutMs = 60_000,
): Promise<CliRun> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: cliEnv(settings),
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  )
}

export function cliServer(name: string): CliServer {
  let server: RunningServer | undefined
  let dataDir = ''
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `cosell-${name}-`))
    server = await startServer(dataDir)
  })
  after(async () => {
    await stopAll()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const url = () => {
    if (!server) throw new Error('the CLI server has not started')
    return server.url
  }
  return {
    url,
    cosell: async (...args) =>
      (
        await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--url', url()], {
          cwd: repoRoot,
          env: cliEnv(),
          timeout: 60_000,
        })
      ).stdout,
  }
}

/** What a failed command printed on stderr, after checking its exit code (1: the server refused). */
export async function cliFailure(command: Promise<string>, exitCode = 1): Promise<string> {
  const error = await command.then(
    (stdout) => assert.fail(`the command succeeded: ${stdout}`),
    (error: unknown) => error as { code: number; stderr: string },
  )
  assert.equal(error.code, exitCode, error.stderr)
  return error.stderr
}
