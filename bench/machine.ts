// What the machine was like during the run: writes are bound by the latency of an fsync'd SQLite
// commit, and every figure by the other processes competing for the two cores. Both vary a lot
// on a shared machine, so the results carry them.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'

export function describeMachine(): string {
  const cpu = cpus()
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2)
}

/** Median milliseconds of a one-row commit in WAL mode with synchronous=FULL, as cosell commits. */
export function commitLatencyMs(parent: string, commits = 200): number {
  const dir = mkdtempSync(join(parent, 'fsync-'))
  const db = new Database(join(dir, 'probe.db'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)')
    const insert = db.prepare('INSERT INTO t (doc) VALUES (?)')
    const doc = 'x'.repeat(3000)
    const times: number[] = []
    for (let n = 0; n < commits; n++) {
      const started = performance.now()
      insert.run(doc)
      times.push(performance.now() - started)
    }
    return times.sort((a, b) => a - b)[Math.floor(commits / 2)]!
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
