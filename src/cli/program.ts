// The `cosell` command-line program: one command group per file, added here.
import { Command, CommanderError } from 'commander'
import { addBulkCommands } from './bulk.js'
import { addClockCommands } from './clock.js'
import { addDoctorCommand } from './doctor.js'
import { exitCodes, exitCodesHelp } from './exit-codes.js'
import { addFaultCommands } from './faults.js'
import { addJournalCommands } from './journal.js'
import { addMicrosoftCommands } from './microsoft.js'
import { addMigrateCommand } from './migrate.js'
import { addOrganizationCommands } from './organizations.js'
import { addProfileCommands } from './profile.js'
import { addReferralCommands } from './referrals.js'
import { addRegistrationCommands } from './registrations.js'
import { addResetCommand } from './reset.js'
import { addSeedCommand } from './seed.js'
import { addServeCommand } from './serve.js'
import { addSnapshotCommands } from './snapshot.js'
import { addSyncCommands } from './sync.js'
import { addThrottleCommands } from './throttle.js'
import { addTokenCommand } from './token.js'
import { addUserCommands } from './users.js'
import { addWebhookCommands } from './webhooks.js'

export function buildProgram(): Command {
  const program = new Command('cosell')
    .description("cosell: Microsoft's Partner Center Referrals API, run and owned by you")
    .version('0.1.0')
    .exitOverride() // runCli maps commander's exits to the documented codes
    .showHelpAfterError('(add --help for the options and examples)')
    .addHelpText('after', programHelp)
  addServeCommand(program)
  addDoctorCommand(program)
  addTokenCommand(program)
  addReferralCommands(program)
  addMicrosoftCommands(program)
  addClockCommands(program)
  addSnapshotCommands(program)
  addResetCommand(program)
  addSeedCommand(program)
  addFaultCommands(program)
  addRegistrationCommands(program)
  addOrganizationCommands(program)
  addUserCommands(program)
  addThrottleCommands(program)
  addJournalCommands(program)
  addWebhookCommands(program)
  addBulkCommands(program)
  addSyncCommands(program)
  addMigrateCommand(program)
  addProfileCommands(program)
  return program
}

/** Runs the program; a usage error exits 2, help and --version 0, as `cosell --help` says. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv])
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
  }
}

const programHelp = `
Connection (every command that calls a server; first found wins):
  --url, --tenant, --user, --token, --admin-token   flags
  COSELL_URL, COSELL_TENANT, COSELL_USER, COSELL_TOKEN, COSELL_ADMIN_TOKEN
  --profile NAME or COSELL_PROFILE (else the profile chosen with \`cosell profile use\`)
  defaults: http://localhost:8080, the demo tenant, john@partner.example, an emulator token
Output: --output table|json|csv (--json = --output json); one line for one object, a table for a list.
${exitCodesHelp}

Examples:
  $ cosell serve --port 8080
  $ export COSELL_URL=http://localhost:8080
  $ cosell referrals list --filter "status eq 'Active'"
  $ cosell referrals watch
  $ cosell profile add prod --url https://api.partner.microsoft.com --token-command "az account get-access-token --resource https://api.partner.microsoft.com --query accessToken -o tsv"
  $ cosell referrals list --profile prod --output csv > referrals.csv

Documentation: docs/cli.md`
