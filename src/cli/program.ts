// The `cosell` command-line program: one command group per file, added here.
import { Command } from 'commander'
import { addMicrosoftCommands } from './microsoft.js'
import { addReferralCommands } from './referrals.js'
import { addServeCommand } from './serve.js'
import { addTokenCommand } from './token.js'

export function buildProgram(): Command {
  const program = new Command('cosell')
    .description("cosell: Microsoft's Partner Center Referrals API, run and owned by you")
    .version('0.1.0')
  addServeCommand(program)
  addTokenCommand(program)
  addReferralCommands(program)
  addMicrosoftCommands(program)
  return program
}

export async function runCli(argv: readonly string[]): Promise<void> {
  await buildProgram().parseAsync([...argv])
}
