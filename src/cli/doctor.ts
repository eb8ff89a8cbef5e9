// `cosell doctor [--data-dir DIR]`: checks a data directory while no server runs on it: files,
// access, free disk, integrity, schema version and row counts, with what to do about each problem.
// Exit code 0 when healthy (warnings allowed), 1 when a check failed, 2 when a server holds it.
import type { Command } from 'commander'
import { loadConfig } from '../config/load.js'
import { configEnv } from '../config/schema.js'
import { diagnoseDataDirectory, type Diagnosis } from '../store/sqlite/diagnose.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRows, withOutput, type OutputFlags } from './output.js'

export function addDoctorCommand(program: Command): void {
  withExamples(
    withOutput(program.command('doctor')),
    'cosell doctor',
    'cosell doctor --data-dir ./.cosell --output json',
  )
    .description('check a data directory (no server running on it): integrity, schema, access, free disk')
    .option('--data-dir <dir>', `data directory (${configEnv.dataDir}, default ./.cosell)`)
    .action((flags: OutputFlags & { dataDir?: string }) => {
      // only this setting: a bad unrelated one must not stop the check
      const only = { [configEnv.dataDir]: process.env[configEnv.dataDir] }
      const { dataDir } = loadConfig(only, { dataDir: flags.dataDir })
      const diagnosis = diagnoseDataDirectory(dataDir)
      if (formatOf(flags) === 'json') printJson(diagnosis)
      else if (formatOf(flags) === 'csv')
        printRows(
          ['level', 'check', 'detail', 'advice'],
          diagnosis.findings.map((f) => [f.level, f.check, f.detail, f.advice]),
          flags,
        )
      else printDiagnosis(diagnosis)
      process.exitCode = diagnosis.inUse ? 2 : diagnosis.findings.some((f) => f.level === 'fail') ? 1 : 0
    })
}

function printDiagnosis({ directory, findings, inUse }: Diagnosis): void {
  console.log(`cosell doctor: ${directory}`)
  for (const f of findings) {
    console.log(`  ${f.level.toUpperCase().padEnd(4)}  ${f.check}: ${f.detail}`)
    if (f.advice) console.log(`        → ${f.advice}`)
  }
  const failed = findings.filter((f) => f.level === 'fail').length
  if (inUse) console.log('in use: stop the server to check the database')
  else console.log(failed === 0 ? 'healthy' : `${failed} problem${failed === 1 ? '' : 's'} found`)
}
