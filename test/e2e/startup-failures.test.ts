// Every start-up failure (issue 9 item 7) is one clear line naming the cause and the setting to
// change, a non-zero exit and no stack trace unless asked for (--debug, COSELL_DEBUG=1). Each case
// runs the real `cosell serve` as a child process.
import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { garbleHeader } from '../support/damage.js'
import { exitWithin, spawnServer, startServer, stopAll } from '../support/server-process.js'

const dirs: string[] = []
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-start-'))
  dirs.push(dir)
  return dir
}
const listeners: Server[] = []

after(async () => {
  await stopAll()
  await Promise.all(listeners.map((l) => new Promise((resolve) => l.close(resolve))))
  for (const dir of dirs) {
    chmodSync(dir, 0o700)
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A port some other program already listens on. */
async function portInUse(): Promise<number> {
  const listener = createServer()
  listeners.push(listener)
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  return (listener.address() as { port: number }).port
}

/** Runs `cosell serve`, which must fail; its output (nothing goes to stdout before the ready line). */
async function failedStart(dataDir: string, settings: Record<string, string> = {}): Promise<string> {
  const server = spawnServer(dataDir, settings)
  const code = await exitWithin(server, 30_000)
  assert.notEqual(code, undefined, `the server started anyway:\n${server.output()}`)
  assert.notEqual(code, 0)
  return server.output()
}

/** One line (a second one may say more), naming what `names` asks, and no stack trace. */
function assertClearLines(output: string, names: RegExp, lines = 1): void {
  const written = output.trimEnd().split('\n')
  assert.equal(written.length, lines, `${lines} line(s), not:\n${output}`)
  assert.match(written[0]!, /^cosell: /)
  assert.match(written.join(' '), names)
  assert.doesNotMatch(output, /^\s+at /m, 'no stack trace')
}

describe('a server that cannot start', () => {
  test('port in use: names the address and PORT', { timeout: 60_000 }, async () => {
    const port = await portInUse()
    const output = await failedStart(scratchDir(), { PORT: String(port) })
    assertClearLines(output, new RegExp(`127\\.0\\.0\\.1:${port}.*already in use.*PORT`))
  })

  test('with COSELL_DEBUG=1 the same failure also prints its stack trace', { timeout: 60_000 }, async () => {
    const port = await portInUse()
    const output = await failedStart(scratchDir(), { PORT: String(port), COSELL_DEBUG: '1' })
    assert.match(output.split('\n')[0]!, /already in use/)
    assert.match(output, /^\s+at /m)
  })

  test('data directory that is a file: names the path and COSELL_DATA_DIR', { timeout: 60_000 }, async () => {
    const file = join(scratchDir(), 'not-a-directory')
    writeFileSync(file, 'x')
    const output = await failedStart(file)
    assertClearLines(output, /not-a-directory.*(ENOTDIR|EEXIST).*COSELL_DATA_DIR/)
  })

  test(
    'read-only data directory: names the path and COSELL_DATA_DIR',
    {
      timeout: 60_000,
      skip: process.getuid?.() === 0 && 'the superuser may write a read-only directory: run as another user',
    },
    async () => {
      const dir = scratchDir()
      mkdirSync(join(dir, 'data'))
      chmodSync(join(dir, 'data'), 0o500)
      const output = await failedStart(join(dir, 'data'))
      assertClearLines(output, /data.*(EACCES|SQLITE_CANTOPEN|SQLITE_READONLY).*COSELL_DATA_DIR/)
    },
  )

  test(
    'corrupt database header: names the file, cosell doctor and COSELL_DATA_DIR',
    { timeout: 120_000 },
    async () => {
      const dir = scratchDir()
      const first = await startServer(dir)
      first.child.kill('SIGTERM') // a clean stop: the WAL is folded into the file
      await first.exited
      garbleHeader(join(dir, 'cosell.db'))
      const output = await failedStart(dir)
      assertClearLines(output, /cosell\.db.*damaged.*cosell doctor.*COSELL_DATA_DIR/)
    },
  )

  test('bad setting: names the variable, without a stack trace', { timeout: 60_000 }, async () => {
    const output = await failedStart(scratchDir(), { PORT: 'eighty' })
    assertClearLines(output, /invalid configuration.*PORT="eighty"/, 2)
  })
})
