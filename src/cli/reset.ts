// `cosell reset`: empties the sandbox (snapshots are kept).
import type { Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, run } from './format.js'

export function addResetCommand(program: Command): void {
  withConnection(program.command('reset'))
    .description(
      "remove every referral, organisation and user (Microsoft's is recreated) and put the clock back to wall time",
    )
    .option('--json', 'print JSON')
    .action((flags: ConnectionFlags & { json?: boolean }) =>
      run(async () => {
        const { removed, clock } = await new AdminApi(adminClient(flags)).reset()
        if (flags.json) return printJson({ removed, clock })
        console.log(
          `removed ${removed.referrals} referrals, ${removed.organizations} organisations, ${removed.users} users; clock ${clock.now}`,
        )
      }),
    )
}
