// Temporary directories for a test file, removed when the file's tests are done.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { createReferral } from './referral-api.js'
import { makeTestApp } from './test-app.js'

/** A maker of fresh directories named `<prefix>…`, each removed after the file's tests. */
export function scratchDirs(prefix: string): () => string {
  const made: string[] = []
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}

/** Fills `dir` with `count` referrals of tenant A through the API, then closes the store. */
export async function withReferrals(dir: string, count: number): Promise<{ dir: string; ids: string[] }> {
  const t = await makeTestApp({ dataDir: dir })
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await createReferral(t.app)).id)
  await t.close() // the last connection checkpoints the WAL into the file
  return { dir, ids }
}
