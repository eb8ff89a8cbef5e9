// `cosell export` and `cosell import`: co-sell opportunities in bulk, as files in Partner
// Center's CSV layout or as JSON lines (docs/bulk.md).
import type { Command } from 'commander'
import { exportReferrals, type ExportFlags } from './bulk-export.js'
import { importFile, type ImportFlags } from './bulk-import.js'
import { withConnection } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'

export function addBulkCommands(program: Command): void {
  const exportCommand = withConnection(program.command('export'))
    .description(
      'write the referrals you see to a file: CSV in Partner Center’s co-sell layout, or JSON lines',
    )
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--filter <expr>', '$filter, e.g. "status eq \'Active\'"')
    .option('--out <file>', 'write to this file instead of standard output')
  withExamples(
    exportCommand,
    'cosell export --out /tmp/deals.csv',
    'cosell export --format jsonl --filter "status eq \'Closed\'" > closed.jsonl',
  )
  exportCommand.action((flags: ExportFlags) => run(() => exportReferrals(flags)))

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
  withExamples(
    importCommand,
    'cosell import deals.csv',
    'cosell import deals.csv --dry-run --errors /tmp/problems.csv',
  )
  importCommand.action((file: string, flags: ImportFlags) => run(() => importFile(file, flags)))
}
