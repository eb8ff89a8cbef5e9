// `cosell migrate`: a whole database from one store into another, embedded or PostgreSQL, in one
// pass with nothing written in between (docs/backup.md).
import type { Command } from 'commander'
import { migrateDatabase } from './database-move.js'
import { run } from './format.js'
import { withExamples } from './help.js'

export function addMigrateCommand(program: Command): void {
  withExamples(
    program.command('migrate'),
    'cosell migrate --from ./.cosell --to postgres://cosell@db:5432/cosell',
    'cosell migrate --from postgres://cosell@db:5432/cosell --to ./restored',
  )
    .description(
      'copy a whole database into an empty store: data directory to PostgreSQL, or back (ids, ETags, history, settings, snapshots, webhooks)',
    )
    .requiredOption('--from <dir|url>', 'the store to read: a data directory, or a postgres:// URL')
    .requiredOption('--to <dir|url>', 'the empty store to fill: a data directory, or a postgres:// URL')
    .addHelpText(
      'after',
      '\nThe target must be empty (a new directory, or a new database). A server may keep serving the source meanwhile: the copy is the data of one moment.',
    )
    .action((flags: { from: string; to: string }) => run(() => migrateDatabase(flags)))
}
