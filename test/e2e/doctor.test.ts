// `cosell doctor` as a person runs it: exit code 0 on a healthy data directory, 1 when a check
// fails, 2 when a server is running on it (the database lock is held).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, test } from 'node:test'
import { garbleMiddlePages } from '../support/damage.js'
import { killHard, startServer, stopAll } from '../support/server-process.js'
import { scratchDirs, withReferrals } from '../support/scratch-dir.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
after(stopAll)

function doctor(dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'doctor', '--data-dir', dataDir],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    )
  })
}

const scratchDir = scratchDirs('cosell-doctor-e2e-')
const usedDataDir = async () => (await withReferrals(scratchDir(), 40)).dir

describe('cosell doctor', () => {
  test('exits 0 and says healthy on a sound data directory', { timeout: 120_000 }, async () => {
    const { code, output } = await doctor(await usedDataDir())
    assert.equal(code, 0, output)
    assert.match(output, /^healthy$/m)
  })

  test('exits 1 on a damaged file, printing what to do', { timeout: 120_000 }, async () => {
    const dir = await usedDataDir()
    garbleMiddlePages(join(dir, 'cosell.db'))
    const { code, output } = await doctor(dir)
    assert.equal(code, 1, output)
    assert.match(output, /FAIL\s+integrity/)
    assert.match(output, /→ .*\.recover/)
  })

  test('exits 2 and says a server is running when the lock is held', { timeout: 120_000 }, async () => {
    const dir = scratchDir()
    const server = await startServer(dir)
    const { code, output } = await doctor(dir)
    await killHard(server)
    assert.equal(code, 2, output)
    assert.match(output, /server is running/)
  })
})
