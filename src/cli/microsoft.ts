// `cosell microsoft …`: act as Microsoft's sellers in the sandbox.
import type { Command } from 'commander'
import { MicrosoftApi, type MicrosoftAction } from '../client/microsoft.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printReferral, printReferrals, run } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRecord, withOutput, type OutputFlags } from './output.js'
import { readJson } from './referrals.js'

type Flags = ConnectionFlags & OutputFlags

type LeadKind = 'qualifiedLead' | 'marketplaceLead' | 'coSellInvitation'

export function addMicrosoftCommands(program: Command): void {
  const group = program
    .command('microsoft')
    .description("act as Microsoft's sellers: answer co-sell invitations, send leads")
  withExamples(group, 'cosell microsoft referrals', 'cosell microsoft accept "$INVITATION_ID"')
  const api = (flags: Flags) => new MicrosoftApi(adminClient(flags))
  const command = (name: string) => withOutput(withConnection(group.command(name)))
  const act = (id: string, flags: Flags, action: MicrosoftAction) =>
    run(async () => printReferral(await api(flags).act(id, action), flags))

  withExamples(
    command('referrals').description("Microsoft's referrals").option('--filter <expr>', '$filter'),
    'cosell microsoft referrals',
    `cosell microsoft referrals --filter "status eq 'New'" --output json`,
  ).action((flags: Flags & { filter?: string }) =>
    run(async () => printReferrals((await api(flags).referrals({ $filter: flags.filter })).value, flags)),
  )

  withExamples(
    command('accept <id>').description('accept a co-sell invitation'),
    'cosell microsoft accept "$INVITATION_ID"',
  ).action((id: string, flags: Flags) => act(id, flags, { action: 'accept' }))

  withExamples(
    command('decline <id>')
      .description('decline a co-sell invitation')
      .requiredOption('--reason <text>', 'statusReason, e.g. "Customer chose another vendor"'),
    'cosell microsoft decline "$INVITATION_ID" --reason "Customer chose another vendor"',
  ).action((id: string, flags: Flags & { reason: string }) =>
    act(id, flags, { action: 'decline', statusReason: flags.reason }),
  )

  withExamples(
    command('close <id>')
      .description('close as Won or Lost')
      .option('--lost', 'close as Lost (default Won)')
      .option('--reason <text>', 'statusReason'),
    'cosell microsoft close "$INVITATION_ID"',
    'cosell microsoft close "$INVITATION_ID" --lost --reason "Lost on price"',
  ).action((id: string, flags: Flags & { lost?: boolean; reason?: string }) =>
    act(id, flags, {
      action: 'close',
      outcome: flags.lost ? 'Lost' : 'Won',
      ...(flags.reason ? { statusReason: flags.reason } : {}),
    }),
  )

  withExamples(
    command('add-member <id>')
      .description("add a Microsoft seller to the referral's team")
      .requiredOption('--email <email>', 'seller email')
      .option('--first <name>', 'first name')
      .option('--last <name>', 'last name'),
    'cosell microsoft add-member "$INVITATION_ID" --email seller@microsoft.example --first Sam --last Lee',
  ).action((id: string, flags: Flags & { email: string; first?: string; last?: string }) =>
    act(id, flags, {
      action: 'addTeamMember',
      member: { email: flags.email, firstName: flags.first ?? null, lastName: flags.last ?? null },
    }),
  )

  withExamples(
    command('send-lead <file>')
      .description("send a partner a lead: the file holds a Referral body; prints the partner's referral")
      .requiredOption('--to <tid>', 'partner tenant id')
      .option('--kind <kind>', 'qualifiedLead, marketplaceLead or coSellInvitation', 'qualifiedLead'),
    'cosell microsoft send-lead lead.json --to 11111111-1111-4111-8111-111111111111',
  ).action((file: string, flags: Flags & { to: string; kind: LeadKind }) =>
    run(async () => {
      const { referral, microsoftReferral } = await api(flags).sendLead({
        organizationId: flags.to,
        kind: flags.kind,
        referral: readJson(file),
      })
      const both = microsoftReferral ? [referral, microsoftReferral] : [referral]
      if (formatOf(flags) === 'json') return printJson(referral) // the partner's: what a script goes on with
      if (formatOf(flags) === 'csv') return printReferrals(both, flags)
      for (const r of both) printReferral(r, flags)
    }),
  )

  withExamples(
    withOutput(withConnection(group.command('policy [settings...]'))).description(
      'show or change the policy, e.g. mode=scripted seed=42 declineRate=0.2; "run" applies it now',
    ),
    'cosell microsoft policy',
    'cosell microsoft policy mode=scripted seed=42 declineRate=0.2',
    'cosell microsoft policy run',
  ).action((settings: string[], flags: Flags) =>
    run(async () => {
      if (settings[0] === 'run') return printRecord(await api(flags).runPolicy(), flags)
      if (settings.length === 0) return printRecord(await api(flags).policy(), flags)
      const change = Object.fromEntries(
        settings.map((s) => s.split(/=(.*)/s).slice(0, 2) as [string, string]),
      )
      printRecord(await api(flags).savePolicy(change), flags)
    }),
  )
}
