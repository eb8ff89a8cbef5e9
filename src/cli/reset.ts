// `cosell reset`: empties the sandbox (snapshots are kept), after asking on a terminal; a script
// says --yes, and without it a reset off a terminal is refused rather than done unasked.
import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { adminClient, connectionOf, withConnection, type ConnectionFlags } from './connection.js'
import { exitCodes } from './exit-codes.js'
import { run, UsageError } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRecord, withOutput, type OutputFlags } from './output.js'

type Flags = ConnectionFlags & OutputFlags & { yes?: boolean }

/** Where the question is asked: a terminal's input and the error stream (stdout stays data). */
export interface Prompt {
  readonly interactive: boolean
  ask(question: string): Promise<string>
}

export function addResetCommand(program: Command): void {
  withExamples(
    withOutput(withConnection(program.command('reset')))
      .description(
        "remove every referral, organisation and user (Microsoft's is recreated) and put the clock back to wall time",
      )
      .option('--yes', 'do not ask (required when not on a terminal)'),
    'cosell reset',
    'cosell reset --yes',
  ).action((flags: Flags) =>
    run(async () => {
      const url = connectionOf(flags).url
      if (!(await confirmed(url, flags.yes === true, terminalPrompt()))) {
        console.error('cosell: nothing removed.')
        process.exitCode = exitCodes.failed
        return
      }
      const { removed, clock } = await new AdminApi(adminClient(flags)).reset()
      if (formatOf(flags) === 'json') return printJson({ removed, clock })
      if (formatOf(flags) === 'csv') return printRecord({ ...removed, clock: clock.now }, flags)
      console.log(
        `removed ${removed.referrals} referrals, ${removed.organizations} organisations, ${removed.users} users; clock ${clock.now}`,
      )
    }),
  )
}

/** True with --yes, or when the user answers y on a terminal; a usage error off a terminal. */
export async function confirmed(url: string, yes: boolean, prompt: Prompt): Promise<boolean> {
  if (yes) return true
  if (!prompt.interactive)
    throw new UsageError(
      `reset removes every referral, organisation and user of ${url}; not on a terminal to ask, so give --yes to confirm.`,
    )
  const answer = await prompt.ask(`Remove every referral, organisation and user of ${url}? [y/N] `)
  return /^y(es)?$/i.test(answer.trim())
}

function terminalPrompt(): Prompt {
  return {
    interactive: process.stdin.isTTY === true,
    async ask(question) {
      const lines = createInterface({ input: process.stdin, output: process.stderr })
      try {
        return await lines.question(question)
      } finally {
        lines.close()
      }
    },
  }
}
