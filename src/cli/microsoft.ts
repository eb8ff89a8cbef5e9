// `cosell microsoft …`: act as Microsoft's sellers in the sandbox.
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { MicrosoftApi } from '../client/microsoft.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printReferrals, run } from './format.js'

type Flags = ConnectionFlags & { json?: boolean }

export function addMicrosoftCommands(program: Command): void {
  const group = program
    .command('microsoft')
    .description("act as Microsoft's sellers: answer co-sell invitations, send leads")
  const api = (flags: Flags) => new MicrosoftApi(adminClient(flags))

  withConnection(group.command('referrals'))
    .description("Microsoft's referrals")
    .option('--filter <expr>', '$filter')
    .option('--json', 'print JSON instead of a table')
    .action((flags: Flags & { filter?: string }) =>
      run(async () =>
        printReferrals((await api(flags).referrals({ $filter: flags.filter })).value, flags.json),
      ),
    )

  withConnection(group.command('accept <id>'))
    .description('accept a co-sell invitation')
    .action((id: string, flags: Flags) =>
      run(async () => printJson(await api(flags).act(id, { action: 'accept' }))),
    )

  withConnection(group.command('decline <id>'))
    .description('decline a co-sell invitation')
    .requiredOption('--reason <text>', 'statusReason, e.g. "Customer chose another vendor"')
    .action((id: string, flags: Flags & { reason: string }) =>
      run(async () => printJson(await api(flags).act(id, { action: 'decline', statusReason: flags.reason }))),
    )

  withConnection(group.command('close <id>'))
    .description('close as Won or Lost')
    .option('--lost', 'close as Lost (default Won)')
    .option('--reason <text>', 'statusReason')
    .action((id: string, flags: Flags & { lost?: boolean; reason?: string }) =>
      run(async () =>
        printJson(
          await api(flags).act(id, {
            action: 'close',
            outcome: flags.lost ? 'Lost' : 'Won',
            ...(flags.reason ? { statusReason: flags.reason } : {}),
          }),
        ),
      ),
    )

  withConnection(group.command('add-member <id>'))
    .description("add a Microsoft seller to the referral's team")
    .requiredOption('--email <email>', 'seller email')
    .option('--first <name>', 'first name')
    .option('--last <name>', 'last name')
    .action((id: string, flags: Flags & { email: string; first?: string; last?: string }) =>
      run(async () =>
        printJson(
          await api(flags).act(id, {
            action: 'addTeamMember',
            member: { email: flags.email, firstName: flags.first ?? null, lastName: flags.last ?? null },
          }),
        ),
      ),
    )

  withConnection(group.command('send-lead <file>'))
    .description('send a partner a lead: the file holds a Referral body')
    .requiredOption('--to <tid>', 'partner tenant id')
    .option('--kind <kind>', 'qualifiedLead, marketplaceLead or coSellInvitation', 'qualifiedLead')
    .action(
      (
        file: string,
        flags: Flags & { to: string; kind: 'qualifiedLead' | 'marketplaceLead' | 'coSellInvitation' },
      ) =>
        run(async () => {
          const referral = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as object
          printJson(await api(flags).sendLead({ organizationId: flags.to, kind: flags.kind, referral }))
        }),
    )

  withConnection(group.command('policy [settings...]'))
    .description(
      'show or change the policy, e.g. mode=scripted seed=42 declineRate=0.2; "run" applies it now',
    )
    .action((settings: string[], flags: Flags) =>
      run(async () => {
        if (settings[0] === 'run') return printJson(await api(flags).runPolicy())
        if (settings.length === 0) return printJson(await api(flags).policy())
        const change = Object.fromEntries(
          settings.map((s) => s.split(/=(.*)/s).slice(0, 2) as [string, string]),
        )
        printJson(await api(flags).savePolicy(change))
      }),
    )
}
