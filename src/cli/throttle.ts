// `cosell throttle [show [tenant]|set <tenant> <profile>|clear <tenant>]`: the public API's
// throttle. A profile is written as COSELL_THROTTLE is: off, connector, or budgets such as
// read=100/60,write=20/60; --calls, --read and --write give the budgets one flag each.
import { InvalidArgumentError, type Command } from 'commander'
import {
  AdminApi,
  type TenantThrottle,
  type ThrottleProfile,
  type ThrottleSettings,
} from '../client/admin.js'
import { readThrottleText, throttleText } from '../domain/throttle/throttle-text.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'

interface Flags extends ConnectionFlags {
  readonly json?: boolean
}

interface SetFlags extends Flags {
  readonly calls?: string
  readonly read?: string
  readonly write?: string
}

export function addThrottleCommands(program: Command): void {
  const group = program
    .command('throttle')
    .description('show or set how many calls a tenant may make (429 with Retry-After past that)')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))

  withConnection(group.command('show [tenant]', { isDefault: true }))
    .description(
      "the default profile and every tenant's own (the default); with a tenant, the profile it runs under",
    )
    .option('--json', 'print JSON')
    .action((tenant: string | undefined, flags: Flags) =>
      run(async () => {
        if (tenant === undefined) return printSettings(await api(flags).throttling(), flags.json)
        printTenant(await api(flags).tenantThrottle(tenant), flags.json)
      }),
    )

  withConnection(group.command('set <tenant> [profile]'))
    .description(
      'give the tenant its own profile: off, connector (100 calls per 60 s) or budgets, e.g. read=100/60,write=20/60',
    )
    .option('--calls <limit/seconds>', 'one budget every call draws on, e.g. 100/60')
    .option('--read <limit/seconds>', 'the budget of GET and HEAD, e.g. 100/60')
    .option('--write <limit/seconds>', 'the budget of POST, PUT, PATCH and DELETE, e.g. 20/60')
    .option('--json', 'print JSON')
    .action((tenant: string, profile: string | undefined, flags: SetFlags) =>
      run(async () =>
        printTenant(await api(flags).setTenantThrottle(tenant, profileOf(profile, flags)), flags.json),
      ),
    )

  withConnection(group.command('clear <tenant>'))
    .description("remove the tenant's own profile: the default applies again")
    .option('--json', 'print JSON')
    .action((tenant: string, flags: Flags) =>
      run(async () => {
        await api(flags).clearTenantThrottle(tenant)
        printTenant(await api(flags).tenantThrottle(tenant), flags.json)
      }),
    )
}

/** The profile the argument and flags name; the server checks the numbers. */
function profileOf(text: string | undefined, flags: SetFlags): ThrottleProfile {
  const budgets = (['calls', 'read', 'write'] as const).flatMap((name) =>
    flags[name] === undefined ? [] : [`${name}=${flags[name]}`],
  )
  if (text !== undefined && budgets.length > 0 && !text.includes('='))
    throw new InvalidArgumentError(`give either '${text}' or budgets (--calls, --read, --write), not both.`)
  const written = [text, ...budgets].filter((part) => part !== undefined).join(',')
  if (written === '')
    throw new InvalidArgumentError(
      'give a profile (off, connector, read=100/60,…) or --calls, --read, --write.',
    )
  const { value, problems } = readThrottleText(written)
  if (problems.length > 0) throw new InvalidArgumentError(problems.map((p) => p.message).join(' '))
  return value as ThrottleProfile
}

function printSettings(settings: ThrottleSettings, json: boolean | undefined): void {
  if (json) return printJson(settings)
  console.log(`default  ${throttleText(settings.default)}`)
  if (settings.tenants.length === 0) return console.log('no tenant has a profile of its own')
  printTable(
    ['tenant', 'profile'],
    settings.tenants.map((t) => [t.tenantId, throttleText(t.profile)]),
  )
}

function printTenant(tenant: TenantThrottle, json: boolean | undefined): void {
  if (json) return printJson(tenant)
  console.log(`${tenant.tenantId}  ${throttleText(tenant.profile)}  (${tenant.source})`)
}
