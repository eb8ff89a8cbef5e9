// A whole database moved (docs/backup.md): `cosell export --all` of the 100,000-referral data set
// and `cosell import --all` of its file into a new data directory, each in a child process as a
// user runs it. Prints the time and the CLI's peak RSS: memory that does not grow with the data
// is what streaming means here.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../cli-run.js'
import { label, type Dataset } from '../datasets.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'

const peakTargetMb = 256 // as bench import: the CLI alone takes about 150 MB (built; 160 MB through tsx) before a row

export async function databaseMoveScenario(env: Env, dataset: Dataset): Promise<Row[]> {
  const file = join(env.workDir, 'database.jsonl')
  const exported = await runCli(env, ['export', '--all', '--data-dir', dataset.dir, '--out', file])
  const mib = (statSync(file).size / 2 ** 20).toFixed(0)
  const imported = await runCli(env, ['import', '--all', file, '--data-dir', join(env.workDir, 'imported')])
  return [
    row('cosell export --all (data directory → file)', dataset, exported, `${mib} MiB of JSON lines`),
    row('cosell import --all (file → new data directory)', dataset, imported, 'one transaction'),
  ]
}

function row(
  scenario: string,
  dataset: Dataset,
  run: { peakKb: number; seconds: number },
  note: string,
): Row {
  const peakMb = run.peakKb / 1024
  return {
    scenario,
    rows: label(dataset.size),
    peakMb,
    target: { text: `peak RSS ≤ ${peakTargetMb} MB`, met: peakMb <= peakTargetMb },
    note: `${run.seconds.toFixed(1)} s, process start included; ${label(dataset.size / run.seconds)} referrals/s; ${note}`,
  }
}
