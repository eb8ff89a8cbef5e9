// `cosell users list|set|remove`: an organisation's users and their roles through the admin API.
// A listed user signs in through `common` into this organisation (docs/auth.md, home tenants).
import type { Command } from 'commander'
import { AdminApi, type User, type UserChange } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'

type Flags = ConnectionFlags & { json?: boolean }

interface SetFlags extends Flags {
  readonly role?: string
  readonly name?: string
}

export function addUserCommands(program: Command): void {
  const group = program.command('users').alias('user').description("an organisation's users and their roles")
  const api = (flags: Flags) => new AdminApi(adminClient(flags))

  withConnection(group.command('list <tid>'))
    .description("the organisation's users")
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  $ cosell users list 55555555-5555-4555-8555-555555555555')
    .action((tid: string, flags: Flags) =>
      run(async () => printUsers(await api(flags).users(tid), flags.json)),
    )

  withConnection(group.command('set <tid> <upn>'))
    .description('add the user to the organisation, or change their role or name (the rest is kept)')
    .option('--role <role>', '"Referral Admin" (a new user\'s default), "Referral User" or "Global Admin"')
    .option('--name <name>', 'display name')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ cosell users set 55555555-5555-4555-8555-555555555555 jane@fabrikam.example --role "Referral User"',
    )
    .action((tid: string, upn: string, flags: SetFlags) =>
      run(async () => {
        const change = {
          ...(flags.role === undefined ? {} : { role: flags.role }),
          ...(flags.name === undefined ? {} : { name: flags.name }),
        } as UserChange // the server checks the role and answers its allowed values
        printUsers([await api(flags).saveUser(tid, upn, change)], flags.json, true)
      }),
    )

  withConnection(group.command('remove <tid> <upn>'))
    .description('remove the user from the organisation')
    .addHelpText(
      'after',
      '\nExample:\n  $ cosell users remove 55555555-5555-4555-8555-555555555555 jane@fabrikam.example',
    )
    .action((tid: string, upn: string, flags: Flags) =>
      run(async () => {
        await api(flags).deleteUser(tid, upn)
        console.log(`removed ${upn.toLowerCase()} from ${tid.toLowerCase()}`)
      }),
    )
}

function printUsers(users: readonly User[], json: boolean | undefined, single = false): void {
  if (json) return printJson(single ? users[0] : users)
  printTable(
    ['email', 'role', 'name', 'organizationId'],
    users.map((u) => [u.email, u.role, u.name, u.organizationId]),
  )
}
