// `cosell referrals …`: the Referrals API as the partner the connection flags name.
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { ReferralsApi, type JsonPatchOperation } from '../client/referrals.js'
import { partnerClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printReferrals, run } from './format.js'

type Flags = ConnectionFlags & { json?: boolean }

export function addReferralCommands(program: Command): void {
  const group = program.command('referrals').description('create, list, read and update referrals')
  const api = (flags: Flags) => new ReferralsApi(partnerClient(flags))

  withConnection(group.command('create <file>'))
    .description('create a referral from a JSON file (- for standard input)')
    .action((file: string, flags: Flags) =>
      run(async () => printJson(await api(flags).create(readJson(file)))),
    )

  withConnection(group.command('list'))
    .description('list referrals with OData options')
    .option('--filter <expr>', '$filter, e.g. "status eq \'Active\'"')
    .option('--orderby <expr>', '$orderby, e.g. "createdDateTime desc"')
    .option('--top <n>', '$top')
    .option('--all', 'follow @odata.nextLink to the end')
    .option('--json', 'print JSON instead of a table')
    .action((flags: Flags & { filter?: string; orderby?: string; top?: string; all?: boolean }) =>
      run(async () => {
        const options = {
          $filter: flags.filter,
          $orderby: flags.orderby,
          $top: flags.top ? Number(flags.top) : undefined,
        }
        if (!flags.all) return printReferrals((await api(flags).list(options)).value, flags.json)
        const all = []
        for await (const r of api(flags).all(options)) all.push(r)
        printReferrals(all, flags.json)
      }),
    )

  withConnection(group.command('get <id>'))
    .description('read one referral')
    .action((id: string, flags: Flags) => run(async () => printJson(await api(flags).get(id))))

  withConnection(group.command('update <id> <assignments...>'))
    .description('JSON Patch replace operations, e.g. /details/dealValue=10000 /status=Closed /substatus=Won')
    .option('--if-match <etag>', 'only if the referral still has this eTag')
    .action((id: string, assignments: string[], flags: Flags & { ifMatch?: string }) =>
      run(async () =>
        printJson(
          await api(flags).patch(id, assignments.map(toOperation), {
            ...(flags.ifMatch ? { ifMatch: flags.ifMatch } : {}),
          }),
        ),
      ),
    )

  withConnection(group.command('invite-microsoft <id>'))
    .description('co-sell step 2: invite Microsoft into the referral’s engagement')
    .option('--help-needed <code>', 'assistanceRequestCode, e.g. ProofOfConceptOrDemo', 'GeneralOrOther')
    .option('--notes <text>', 'notes to Microsoft')
    .action((id: string, flags: Flags & { helpNeeded: string; notes?: string }) =>
      run(async () => {
        const referral = await api(flags).get(id)
        printJson(
          await api(flags).inviteMicrosoft(referral, {
            assistanceRequestCode: flags.helpNeeded,
            ...(flags.notes ? { notes: flags.notes } : {}),
          }),
        )
      }),
    )

  withConnection(group.command('related <id>'))
    .description('every referral of the engagement, as links.relatedReferrals lists them')
    .option('--json', 'print JSON instead of a table')
    .action((id: string, flags: Flags) =>
      run(async () => printReferrals(await api(flags).related(await api(flags).get(id)), flags.json)),
    )
}

export function readJson(file: string): object {
  return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as object
}

/** `/path=value`; the value is JSON when it parses as JSON, else text. */
function toOperation(assignment: string): JsonPatchOperation {
  const at = assignment.indexOf('=')
  if (!assignment.startsWith('/') || at < 0) throw new Error(`expected /path=value, got '${assignment}'`)
  const text = assignment.slice(at + 1)
  let value: unknown = text
  try {
    value = JSON.parse(text)
  } catch {
    // plain text
  }
  return { op: 'replace', path: assignment.slice(0, at), value }
}
