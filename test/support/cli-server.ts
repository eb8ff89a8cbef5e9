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
          timeout: 60_000,
        })
      ).stdout,
  }
}

/** What a failed command printed on stderr, after checking it exited with 1. */
export async function cliFailure(command: Promise<string>): Promise<string> {
  const error = await command.then(
    (stdout) => assert.fail(`the command succeeded: ${stdout}`),
    (error: unknown) => error as { code: number; stderr: string },
  )
  assert.equal(error.code, 1, error.stderr)
  return error.stderr
}
