// `cosell registration …`: deal registrations as the partner (create, eligibility) and Microsoft's
// review of them (review, policy) through the admin API.
import { InvalidArgumentError, type Command } from 'commander'
import type { EligibilityPolicy } from '../domain/registration/eligibility.js'
import { RegistrationsApi, type ReviewAction } from '../client/registrations.js'
import { adminClient, partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { printReferral, run } from './format.js'
import { withExamples } from './help.js'
import {
  formatOf,
  printItem,
  printJson,
  printRecord,
  withOutput,
  type OutputFlags,
  type View,
} from './output.js'
import { readJson } from './referrals.js'

type Flags = ConnectionFlags & OutputFlags

interface ReviewFlags extends Flags {
  readonly approve?: boolean
  readonly pass?: boolean
  readonly fail?: string
  readonly requireAction?: string
  readonly close?: boolean
  readonly reason?: string
}

const eligibilityView: View<EligibilityPolicy> = {
  columns: [
    { header: 'referralId', value: (e) => e.referralProperties.referralId },
    { header: 'isEligible', value: (e) => e.isEligible },
    { header: 'policyName', value: (e) => e.policyName },
    { header: 'eligibleSolutionIds', value: (e) => e.referralProperties.eligibleSolutionIds },
    { header: 'reason', value: (e) => e.referralProperties.reason },
  ],
  line: (e) =>
    `${e.referralProperties.referralId}  ${e.isEligible ? 'eligible' : 'not eligible'} (${e.policyName})${e.referralProperties.reason ? `: ${e.referralProperties.reason}` : ''}`,
}

export function addRegistrationCommands(program: Command): void {
  const group = program
    .command('registration')
    .alias('registrations')
    .description('deal registrations (Azure IP co-sell): register a deal, review it as Microsoft')
  withExamples(group, 'cosell registration eligibility "$REFERRAL_ID"')
  const partner = (flags: ConnectionFlags) => new RegistrationsApi(partnerClient(flags))
  const microsoft = (flags: ConnectionFlags) => new RegistrationsApi(adminClient(flags))
  const command = (name: string) => withOutput(withConnection(group.command(name)))

  withExamples(
    command('create <referralId> <file>').description(
      'register the deal: the file holds the registration (type, contract, solutionDetails)',
    ),
    'cosell registration create "$REFERRAL_ID" registration.json',
  ).action((referralId: string, file: string, flags: Flags) =>
    run(async () => printReferral(await partner(flags).create(referralId, readJson(file)), flags)),
  )

  withExamples(
    command('eligibility <referralId>').description(
      'whether the referral may carry a deal registration, and why',
    ),
    'cosell registration eligibility "$REFERRAL_ID"',
  ).action((referralId: string, flags: Flags) =>
    run(async () => printItem(await partner(flags).eligibility(referralId), eligibilityView, flags)),
  )

  withExamples(
    command('review <referralId>')
      .description("Microsoft's review: exactly one of --approve, --pass, --fail, --require-action, --close")
      .option('--approve', 'approve a registration waiting in ReviewPending')
      .option('--pass', 'pass the review (terminal)')
      .option('--fail <reason>', 'fail the review with a reason (terminal)')
      .option('--require-action <reason>', 'send it back to the partner as ActionRequired')
      .option('--close', 'close it (terminal)')
      .option('--reason <text>', 'statusReason for --approve, --pass or --close'),
    'cosell registration review "$REFERRAL_ID" --require-action "Attach the signed contract."',
    'cosell registration review "$REFERRAL_ID" --pass',
  ).action((referralId: string, flags: ReviewFlags) =>
    run(async () => {
      const { action, reason } = reviewOf(flags)
      printReferral(await microsoft(flags).review(referralId, action, reason), flags)
    }),
  )

  withExamples(
    command('policy [file]').description(
      'show the review policy; with a JSON file (- for standard input) set it; "run" applies it now',
    ),
    'cosell registration policy',
    'cosell registration policy review-policy.json',
    'cosell registration policy run',
  ).action((file: string | undefined, flags: Flags) =>
    run(async () => {
      const api = microsoft(flags)
      if (file === 'run') return printRecord(await api.runPolicy(), flags)
      if (file === undefined) {
        const policy = await api.policy()
        if (formatOf(flags) === 'json') return printJson(policy)
        return printRecord({ seed: policy.seed, rules: policy.rules.length }, flags)
      }
      const saved = await api.setPolicy(readJson(file))
      if (formatOf(flags) === 'json') return printJson(saved)
      printRecord(
        { seed: saved.policy.seed, rules: saved.policy.rules.length, reviewed: saved.reviewed },
        flags,
      )
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
