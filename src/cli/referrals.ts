// `cosell referrals …`: the Referrals API as the partner the connection flags name.
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { ReferralsApi, type JsonPatchOperation } from '../client/referrals.js'
import { partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { printReferral, printReferrals, run, UsageError } from './format.js'
import { withExamples } from './help.js'
import { withOutput, type OutputFlags } from './output.js'
import { addWatchCommand } from './watch.js'

type Flags = ConnectionFlags & OutputFlags

interface ListFlags extends Flags {
  readonly filter?: string
  readonly orderby?: string
  readonly top?: string
  readonly all?: boolean
}

export function addReferralCommands(program: Command): void {
  const group = program.command('referrals').description('create, list, read, update and watch referrals')
  withExamples(group, 'cosell referrals list', 'cosell referrals get "$REFERRAL_ID" --output json')
  const api = (flags: Flags) => new ReferralsApi(partnerClient(flags))
  const command = (name: string) => withOutput(withConnection(group.command(name)))

  withExamples(
    command('create <file>').description('create a referral from a JSON file (- for standard input)'),
    'cosell referrals create deal.json',
    'REFERRAL_ID=$(cosell referrals create deal.json --output json | jq -r .id)',
  ).action((file: string, flags: Flags) =>
    run(async () => printReferral(await api(flags).create(readJson(file)), flags)),
  )

  withExamples(
    command('list')
      .description('list referrals with OData options (the first page unless --all)')
      .option('--filter <expr>', '$filter, e.g. "status eq \'Active\'"')
      .option('--orderby <expr>', '$orderby, e.g. "createdDateTime desc"')
      .option('--top <n>', '$top')
      .option('--all', 'follow @odata.nextLink to the end'),
    `cosell referrals list --filter "status eq 'Active'" --orderby "createdDateTime desc" --top 10`,
    'cosell referrals list --all --output csv > referrals.csv',
  ).action((flags: ListFlags) =>
    run(async () => {
      const options = {
        $filter: flags.filter,
        $orderby: flags.orderby,
        $top: flags.top ? Number(flags.top) : undefined,
      }
      if (!flags.all) return printReferrals((await api(flags).list(options)).value, flags)
      const all = []
      for await (const r of api(flags).all(options)) all.push(r)
      printReferrals(all, flags)
    }),
  )

  withExamples(
    command('get <id>').description('read one referral (--output json for all of it)'),
    'cosell referrals get "$REFERRAL_ID"',
    'cosell referrals get "$REFERRAL_ID" --output json',
  ).action((id: string, flags: Flags) => run(async () => printReferral(await api(flags).get(id), flags)))

  withExamples(
    command('update <id> <assignments...>')
      .description(
        'JSON Patch replace operations, e.g. /details/dealValue=10000 /status=Closed /substatus=Won',
      )
      .option('--if-match <etag>', 'only if the referral still has this eTag (else exit 4)'),
    'cosell referrals update "$REFERRAL_ID" /details/dealValue=25000',
    'cosell referrals update "$REFERRAL_ID" /status=Closed /substatus=Won --if-match "$ETAG"',
  ).action((id: string, assignments: string[], flags: Flags & { ifMatch?: string }) =>
    run(async () => {
      const operations = assignments.map(toOperation)
      const options = flags.ifMatch ? { ifMatch: flags.ifMatch } : {}
      printReferral(await api(flags).patch(id, operations, options), flags)
    }),
  )

  withExamples(
    command('invite-microsoft <id>')
      .description('co-sell step 2: invite Microsoft into the referral’s engagement; prints the invitation')
      .option('--help-needed <code>', 'assistanceRequestCode, e.g. ProofOfConceptOrDemo', 'GeneralOrOther')
      .option('--notes <text>', 'notes to Microsoft'),
    'cosell referrals invite-microsoft "$REFERRAL_ID" --help-needed ProofOfConceptOrDemo --notes "Need a POC"',
  ).action((id: string, flags: Flags & { helpNeeded: string; notes?: string }) =>
    run(async () => {
      const referral = await api(flags).get(id)
      const invite = {
        assistanceRequestCode: flags.helpNeeded,
        ...(flags.notes ? { notes: flags.notes } : {}),
      }
      printReferral(await api(flags).inviteMicrosoft(referral, invite), flags)
    }),
  )

  withExamples(
    command('related <id>').description(
      'every referral of the engagement, as links.relatedReferrals lists them',
    ),
    'cosell referrals related "$REFERRAL_ID"',
  ).action((id: string, flags: Flags) =>
    run(async () => printReferrals(await api(flags).related(await api(flags).get(id)), flags)),
  )

  addWatchCommand(group)
}

/** The JSON object of a file (- for standard input); a file that is missing or not JSON is a usage error. */
export function readJson(file: string): object {
  try {
    return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as object
  } catch (error) {
    const name = file === '-' ? 'standard input' : file
    throw new UsageError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** `/path=value`; the value is JSON when it parses as JSON, else text. */
function toOperation(assignment: string): JsonPatchOperation {
  const at = assignment.indexOf('=')
  if (!assignment.startsWith('/') || at < 0) throw new UsageError(`expected /path=value, got '${assignment}'`)
  const text = assignment.slice(at + 1)
  let value: unknown = text
  try {
    value = JSON.parse(text)
  } catch {
    // plain text
  }
  return { op: 'replace', path: assignment.slice(0, at), value }
}
