// `cosell users list|set|remove`: an organisation's users and their roles through the admin API.
// A listed user signs in through `common` into this organisation (docs/auth.md, home tenants).
import type { Command } from 'commander'
import { AdminApi, type User, type UserChange } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { printItem, printList, withOutput, type OutputFlags, type View } from './output.js'

type Flags = ConnectionFlags & OutputFlags

const userView: View<User> = {
  columns: [
    { header: 'email', value: (u) => u.email },
    { header: 'role', value: (u) => u.role },
    { header: 'name', value: (u) => u.name },
    { header: 'organizationId', value: (u) => u.organizationId },
  ],
}

interface SetFlags extends Flags {
  readonly role?: string
  readonly name?: string
}

export function addUserCommands(program: Command): void {
  const group = program.command('users').alias('user').description("an organisation's users and their roles")
  group.addHelpText('after', '\nExamples:\n  $ cosell users list 55555555-5555-4555-8555-555555555555')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))

  withOutput(withConnection(group.command('list <tid>')))
    .description("the organisation's users")
    .addHelpText('after', '\nExamples:\n  $ cosell users list 55555555-5555-4555-8555-555555555555')
    .action((tid: string, flags: Flags) =>
      run(async () => printList(await api(flags).users(tid), userView, flags)),
    )

  withOutput(withConnection(group.command('set <tid> <upn>')))
    .description('add the user to the organisation, or change their role or name (the rest is kept)')
    .option('--role <role>', '"Referral Admin" (a new user\'s default), "Referral User" or "Global Admin"')
    .option('--name <name>', 'display name')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosell users set 55555555-5555-4555-8555-555555555555 jane@fabrikam.example --role "Referral User"',
    )
    .action((tid: string, upn: string, flags: SetFlags) =>
      run(async () => {
        const change = {
          ...(flags.role === undefined ? {} : { role: flags.role }),
          ...(flags.name === undefined ? {} : { name: flags.name }),
        } as UserChange // the server checks the role and answers its allowed values
        printItem(await api(flags).saveUser(tid, upn, change), userView, flags)
      }),
    )

  withConnection(group.command('remove <tid> <upn>'))
    .description('remove the user from the organisation')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosell users remove 55555555-5555-4555-8555-555555555555 jane@fabrikam.example',
    )
    .action((tid: string, upn: string, flags: Flags) =>
      run(async () => {
        await api(flags).deleteUser(tid, upn)
        console.log(`removed ${upn.toLowerCase()} from ${tid.toLowerCase()}`)
      }),
    )
}
