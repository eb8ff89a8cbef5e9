// `cosell registration …`: deal registrations as the partner (create, eligibility) and Microsoft's
// review of them (review, policy) through the admin API.
import { InvalidArgumentError, type Command } from 'commander'
import { RegistrationsApi, type ReviewAction } from '../client/registrations.js'
import { adminClient, partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, run } from './format.js'
import { readJson } from './referrals.js'

interface ReviewFlags extends ConnectionFlags {
  readonly approve?: boolean
  readonly pass?: boolean
  readonly fail?: string
  readonly requireAction?: string
  readonly close?: boolean
  readonly reason?: string
}

export function addRegistrationCommands(program: Command): void {
  const group = program
    .command('registration')
    .alias('registrations')
    .description('deal registrations (Azure IP co-sell): register a deal, review it as Microsoft')
  const partner = (flags: ConnectionFlags) => new RegistrationsApi(partnerClient(flags))
  const microsoft = (flags: ConnectionFlags) => new RegistrationsApi(adminClient(flags))

  withConnection(group.command('create <referralId> <file>'))
    .description('register the deal: the file holds the registration (type, contract, solutionDetails)')
    .action((referralId: string, file: string, flags: ConnectionFlags) =>
      run(async () => printJson(await partner(flags).create(referralId, readJson(file)))),
    )

  withConnection(group.command('eligibility <referralId>'))
    .description('whether the referral may carry a deal registration, and why')
    .action((referralId: string, flags: ConnectionFlags) =>
      run(async () => printJson(await partner(flags).eligibility(referralId))),
    )

  withConnection(group.command('review <referralId>'))
    .description("Microsoft's review: exactly one of --approve, --pass, --fail, --require-action, --close")
    .option('--approve', 'approve a registration waiting in ReviewPending')
    .option('--pass', 'pass the review (terminal)')
    .option('--fail <reason>', 'fail the review with a reason (terminal)')
    .option('--require-action <reason>', 'send it back to the partner as ActionRequired')
    .option('--close', 'close it (terminal)')
    .option('--reason <text>', 'statusReason for --approve, --pass or --close')
    .action((referralId: string, flags: ReviewFlags) =>
      run(async () => {
        const { action, reason } = reviewOf(flags)
        printJson(await microsoft(flags).review(referralId, action, reason))
      }),
    )

  withConnection(group.command('policy [file]'))
    .description(
      'show the review policy; with a JSON file (- for standard input) set it; "run" applies it now',
    )
    .action((file: string | undefined, flags: ConnectionFlags) =>
      run(async () => {
        const api = microsoft(flags)
        if (file === undefined) return printJson(await api.policy())
        printJson(file === 'run' ? await api.runPolicy() : await api.setPolicy(readJson(file)))
      }),
    )
}

function reviewOf(flags: ReviewFlags): { action: ReviewAction; reason: string | undefined } {
  const chosen: [ReviewAction, string | boolean | undefined][] = [
    ['approve', flags.approve],
    ['pass', flags.pass],
    ['fail', flags.fail],
    ['requireAction', flags.requireAction],
    ['close', flags.close],
  ]
  const given = chosen.filter(([, value]) => value !== undefined && value !== false)
  if (given.length !== 1)
    throw new InvalidArgumentError(
      'give exactly one of --approve, --pass, --fail, --require-action, --close.',
    )
  const [action, value] = given[0]!
  return { action, reason: typeof value === 'string' ? value : flags.reason }
}
