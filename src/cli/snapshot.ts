// `cosell snapshot [save|list|restore|delete] <name>`: named snapshots of the sandbox.
import type { Command } from 'commander'
import { AdminApi, type SnapshotInfo } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import { printItem, printList, withOutput, type OutputFlags, type View } from './output.js'

type Flags = ConnectionFlags & OutputFlags

export function addSnapshotCommands(program: Command): void {
  const group = program
    .command('snapshot')
    .description('save and restore every referral, organisation, user and the clock, by name')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const print = (snapshot: SnapshotInfo, verb: string, flags: OutputFlags) =>
    printItem(snapshot, { ...snapshotView, line: (s) => `${verb} ${describe(s)}` }, flags)
  withExamples(group, 'cosell snapshot save before-demo', 'cosell snapshot restore before-demo')

  withExamples(withOutput(withConnection(group.command('save <name>'))), 'cosell snapshot save before-demo')
    .description('save (or replace) a snapshot: letters, digits, . - _')
    .action((name: string, flags: Flags) =>
      run(async () => print(await api(flags).saveSnapshot(name), 'saved', flags)),
    )

  withExamples(withOutput(withConnection(group.command('list'))), 'cosell snapshot list')
    .description('list snapshots, oldest first')
    .action((flags: Flags) =>
      run(async () => {
        printList(await api(flags).snapshots(), snapshotView, flags)
      }),
    )

  withExamples(
    withOutput(withConnection(group.command('restore <name>'))),
    'cosell snapshot restore before-demo',
  )
    .description('bring back everything the snapshot holds, the clock included')
    .action((name: string, flags: Flags) =>
      run(async () => print(await api(flags).restoreSnapshot(name), 'restored', flags)),
    )

  withExamples(withConnection(group.command('delete <name>')), 'cosell snapshot delete before-demo')
    .description('delete a snapshot')
    .action((name: string, flags: Flags) =>
      run(async () => {
        await api(flags).deleteSnapshot(name)
        console.log(`deleted ${name}`)
      }),
    )
}

const snapshotView: View<SnapshotInfo> = {
  columns: [
    { header: 'name', value: (s) => s.name },
    { header: 'saved at', value: (s) => s.savedAt },
    { header: 'clock', value: (s) => `${s.clock.now}${s.clock.frozen ? ' (frozen)' : ''}` },
    { header: 'referrals', value: (s) => s.counts.referrals },
    { header: 'organizations', value: (s) => s.counts.organizations },
    { header: 'users', value: (s) => s.counts.users },
  ],
}

function describe(s: SnapshotInfo): string {
  const { referrals, organizations, users } = s.counts
  return `${s.name}: ${referrals} referrals, ${organizations} organisations, ${users} users; clock ${s.clock.now}${s.clock.frozen ? ' (frozen)' : ''}`
}
