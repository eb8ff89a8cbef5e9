// The `cosell` command-line program: one command group per file, added here.
import { Command } from 'commander'
import { addBulkCommands } from './bulk.js'
import { addClockCommands } from './clock.js'
import { addDoctorCommand } from './doctor.js'
import { addFaultCommands } from './faults.js'
import { addJournalCommands } from './journal.js'
import { addMicrosoftCommands } from './microsoft.js'
import { addOrganizationCommands } from './organizations.js'
import { addReferralCommands } from './referrals.js'
import { addRegistrationCommands } from './registrations.js'
import { addResetCommand } from './reset.js'
import { addSeedCommand } from './seed.js'
import { addServeCommand } from './serve.js'
import { addSnapshotCommands } from './snapshot.js'
import { addThrottleCommands } from './throttle.js'
import { addTokenCommand } from './token.js'
import { addUserCommands } from './users.js'
import { addWebhookCommands } from './webhooks.js'

export function buildProgram(): Command {
  const program = new Command('cosell')
    .description("cosell: Microsoft's Partner Center Referrals API, run and owned by you")
    .version('0.1.0')
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
  return program
}

export async function runCli(argv: readonly string[]): Promise<void> {
  await buildProgram().parseAsync([...argv])
}
