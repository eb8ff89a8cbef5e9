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
import { run } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRecord, printRows, withOutput, type OutputFlags } from './output.js'

type Flags = ConnectionFlags & OutputFlags

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
  withExamples(group, 'cosell throttle', 'cosell throttle set "$TENANT" connector')

  withExamples(
    withOutput(withConnection(group.command('show [tenant]', { isDefault: true }))),
    'cosell throttle show',
    'cosell throttle show 11111111-1111-4111-8111-111111111111 --output json',
  )
    .description(
      "the default profile and every tenant's own (the default); with a tenant, the profile it runs under",
    )
    .action((tenant: string | undefined, flags: Flags) =>
      run(async () => {
        if (tenant === undefined) return printSettings(await api(flags).throttling(), flags)
        printTenant(await api(flags).tenantThrottle(tenant), flags)
      }),
    )

  withExamples(
    withOutput(withConnection(group.command('set <tenant> [profile]'))),
    'cosell throttle set 11111111-1111-4111-8111-111111111111 connector',
    'cosell throttle set 11111111-1111-4111-8111-111111111111 --read 100/60 --write 20/60',
  )
    .description(
      'give the tenant its own profile: off, connector (100 calls per 60 s) or budgets, e.g. read=100/60,write=20/60',
    )
    .option('--calls <limit/seconds>', 'one budget every call draws on, e.g. 100/60')
    .option('--read <limit/seconds>', 'the budget of GET and HEAD, e.g. 100/60')
    .option('--write <limit/seconds>', 'the budget of POST, PUT, PATCH and DELETE, e.g. 20/60')
    .action((tenant: string, profile: string | undefined, flags: SetFlags) =>
      run(async () =>
        printTenant(await api(flags).setTenantThrottle(tenant, profileOf(profile, flags)), flags),
      ),
    )

  withExamples(
    withOutput(withConnection(group.command('clear <tenant>'))),
    'cosell throttle clear 11111111-1111-4111-8111-111111111111',
  )
    .description("remove the tenant's own profile: the default applies again")
    .action((tenant: string, flags: Flags) =>
      run(async () => {
        await api(flags).clearTenantThrottle(tenant)
        printTenant(await api(flags).tenantThrottle(tenant), flags)
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

function printSettings(settings: ThrottleSettings, flags: OutputFlags): void {
  if (formatOf(flags) === 'json') return printJson(settings)
  if (formatOf(flags) === 'csv')
    return printRows(
      ['tenant', 'profile'],
      [
        ['default', throttleText(settings.default)],
        ...settings.tenants.map((t) => [t.tenantId, throttleText(t.profile)]),
      ],
      flags,
    )
  console.log(`default  ${throttleText(settings.default)}`)
  if (settings.tenants.length === 0) return console.log('no tenant has a profile of its own')
  printRows(
    ['tenant', 'profile'],
    settings.tenants.map((t) => [t.tenantId, throttleText(t.profile)]),
    flags,
  )
}

function printTenant(tenant: TenantThrottle, flags: OutputFlags): void {
  if (formatOf(flags) === 'json') return printJson(tenant)
  if (formatOf(flags) === 'csv')
    return printRecord(
      { tenantId: tenant.tenantId, profile: throttleText(tenant.profile), source: tenant.source },
      flags,
    )
  console.log(`${tenant.tenantId}  ${throttleText(tenant.profile)}  (${tenant.source})`)
}
