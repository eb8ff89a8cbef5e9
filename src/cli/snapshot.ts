// `cosell snapshot [save|list|restore|delete] <name>`: named snapshots of the sandbox.
import type { Command } from 'commander'
import { AdminApi, type SnapshotInfo } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'

type Flags = ConnectionFlags & { json?: boolean }

export function addSnapshotCommands(program: Command): void {
  const group = program
    .command('snapshot')
    .description('save and restore every referral, organisation, user and the clock, by name')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const print = (snapshot: SnapshotInfo, verb: string, json: boolean | undefined) =>
    json ? printJson(snapshot) : console.log(`${verb} ${describe(snapshot)}`)

  withConnection(group.command('save <name>'))
    .description('save (or replace) a snapshot: letters, digits, . - _')
    .option('--json', 'print JSON')
    .action((name: string, flags: Flags) =>
      run(async () => print(await api(flags).saveSnapshot(name), 'saved', flags.json)),
    )

  withConnection(group.command('list'))
    .description('list snapshots, oldest first')
    .option('--json', 'print JSON')
    .action((flags: Flags) =>
      run(async () => {
        const snapshots = await api(flags).snapshots()
        if (flags.json) return printJson(snapshots)
        printTable(
          ['name', 'saved at', 'clock', 'referrals', 'organizations', 'users'],
          snapshots.map((s) => [
            s.name,
            s.savedAt,
            `${s.clock.now}${s.clock.frozen ? ' (frozen)' : ''}`,
            s.counts.referrals,
            s.counts.organizations,
            s.counts.users,
          ]),
        )
      }),
    )

  withConnection(group.command('restore <name>'))
    .description('bring back everything the snapshot holds, the clock included')
    .option('--json', 'print JSON')
    .action((name: string, flags: Flags) =>
      run(async () => print(await api(flags).restoreSnapshot(name), 'restored', flags.json)),
    )

  withConnection(group.command('delete <name>'))
    .description('delete a snapshot')
    .action((name: string, flags: Flags) =>
      run(async () => {
        await api(flags).deleteSnapshot(name)
        console.log(`deleted ${name}`)
      }),
    )
}

function describe(s: SnapshotInfo): string {
  const { referrals, organizations, users } = s.counts
  return `${s.name}: ${referrals} referrals, ${organizations} organisations, ${users} users; clock ${s.clock.now}${s.clock.frozen ? ' (frozen)' : ''}`
}
