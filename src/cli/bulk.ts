// `cosell export` and `cosell import`: co-sell opportunities in bulk, as files in Partner
// Center's CSV layout or as JSON lines (docs/bulk.md).
import type { Command } from 'commander'
import { exportReferrals, type ExportFlags } from './bulk-export.js'
import { importFile, type ImportFlags } from './bulk-import.js'
import { withConnection } from './connection.js'
import { exportDatabase, importDatabase, type StoreFlags } from './database-move.js'
import { run, UsageError } from './format.js'
import { withExamples } from './help.js'

export function addBulkCommands(program: Command): void {
  const exportCommand = withConnection(program.command('export'))
    .description(
      'write the referrals you see to a file: CSV in Partner Center’s co-sell layout, or JSON lines',
    )
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--filter <expr>', '$filter, e.g. "status eq \'Active\'"')
    .option('--out <file>', 'write to this file instead of standard output')
  withWholeDatabase(
    exportCommand,
    'the whole database (every table, from the store itself, no server) as a dump',
  )
  withExamples(
    exportCommand,
    'cosell export --out /tmp/deals.csv',
    'cosell export --format jsonl --filter "status eq \'Closed\'" > closed.jsonl',
    'cosell export --all --data-dir ./.cosell --out backup.jsonl',
  )
  exportCommand.action((flags: ExportFlags & StoreFlags & { all?: boolean }) =>
    run(() => {
      if (!flags.all) return exportReferrals(flags)
      refuseWithAll(exportCommand, ['format', 'filter'])
      return exportDatabase(flags)
    }),
  )

  const importCommand = withConnection(program.command('import <file>'))
    .description(
      'create or update referrals from a file (CSV in Partner Center’s co-sell layout, or JSON lines; - for standard input)',
    )
    .option('--format <format>', 'csv or jsonl (default: from the file name, .jsonl or .json for JSON lines)')
    .option('--errors <file>', 'where failed rows go (default: <file>.errors.csv or .jsonl beside the input)')
    .option('--dry-run', 'check every row and look up ids, but create and change nothing')
    .option('--concurrency <n>', 'rows in flight at once', '8')
    .addHelpText(
      'after',
      '\nA row with a Referral ID that exists updates that referral (only the fields that differ); any other row creates one.\nExit code 1 when any row failed.',
    )
  withWholeDatabase(importCommand, 'load a dump of `export --all` into an empty store (no server)')
  withExamples(
    importCommand,
    'cosell import deals.csv',
    'cosell import deals.csv --dry-run --errors /tmp/problems.csv',
    'cosell import --all backup.jsonl --data-dir ./restored',
  )
  importCommand.action((file: string, flags: ImportFlags & StoreFlags & { all?: boolean }) =>
    run(() => {
      if (!flags.all) return importFile(file, flags)
      refuseWithAll(importCommand, ['format', 'errors', 'dryRun', 'concurrency'])
      return importDatabase(file, flags)
    }),
  )
}

/** `--all` and where the store is, as `cosell serve` takes it. */
function withWholeDatabase(command: Command, what: string): Command {
  return command
    .option('--all', what)
    .option(
      '--data-dir <dir>',
      'with --all: the embedded database directory (COSELL_DATA_DIR, default ./.cosell)',
    )
    .option('--database-url <url>', 'with --all: PostgreSQL at this URL instead (DATABASE_URL)')
}

/** Options of the referral mode that mean nothing to a whole database. */
function refuseWithAll(command: Command, options: readonly string[]): void {
  const given = options.filter((name) => command.getOptionValueSource(name) === 'cli')
  if (given.length > 0)
    throw new UsageError(
      `--all moves the whole database: ${given.map((name) => `--${kebab(name)}`).join(', ')} does not apply`,
    )
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
