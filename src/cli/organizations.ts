// `cosell organizations list|get|set`: the directory's organisations (tenants) through the admin
// API: their names, MPN ids and the verified domains that route sign-ins through `common`.
import { InvalidArgumentError, type Command } from 'commander'
import { AdminApi, type Organization, type OrganizationChange } from '../client/admin.js'
import { ApiError } from '../client/errors.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, printTable, run } from './format.js'
import { readJson } from './referrals.js'

type Flags = ConnectionFlags & { json?: boolean }

interface SetFlags extends Flags {
  readonly name?: string
  readonly mpnId?: string
  readonly domain?: string[]
  readonly addDomain?: string[]
  readonly removeDomain?: string[]
  readonly from?: string
}

export function addOrganizationCommands(program: Command): void {
  const group = program
    .command('organizations')
    .alias('organization')
    .description('the organisations (tenants) of the directory: names, MPN ids, verified domains')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))

  withConnection(group.command('list'))
    .description('every organisation, Microsoft (msft) included')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  $ cosell organizations list --json')
    .action((flags: Flags) =>
      run(async () => printOrganizations(await api(flags).organizations(), flags.json)),
    )

  withConnection(group.command('get <tid>'))
    .description('one organisation: name, MPN id, domains, locations and solution profiles')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  $ cosell organizations get 55555555-5555-4555-8555-555555555555')
    .action((tid: string, flags: Flags) =>
      run(async () => printOrganization(await api(flags).organization(tid), flags.json)),
    )

  withConnection(group.command('set <tid>'))
    .description('create the organisation or change only what is given (the rest is kept)')
    .option('--name <name>', 'display name')
    .option('--mpn-id <id>', 'partner (MPN) id, digits')
    .option('--domain <domain>', 'verified domain; repeat for several: replaces the list', collect)
    .option('--add-domain <domain>', 'add a verified domain to the list; repeatable', collect)
    .option('--remove-domain <domain>', 'remove a domain from the list; repeatable', collect)
    .option('--from <file>', 'a JSON change (locations, solutionProfiles, …; - for standard input)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ cosell organizations set 55555555-5555-4555-8555-555555555555 --name Fabrikam --domain fabrikam.example',
    )
    .action((tid: string, flags: SetFlags) =>
      run(async () => {
        const change = await changeOf(api(flags), tid, flags)
        printOrganization(await api(flags).saveOrganization(tid, change), flags.json)
      }),
    )
}

/** The change the flags ask for; adding or removing a domain reads the current list first. */
async function changeOf(api: AdminApi, tid: string, flags: SetFlags): Promise<OrganizationChange> {
  const change: OrganizationChange = flags.from === undefined ? {} : { ...readJson(flags.from) }
  if (flags.name !== undefined) change.name = flags.name
  if (flags.mpnId !== undefined) change.mpnId = flags.mpnId
  if (flags.domain !== undefined) change.domains = flags.domain
  if (flags.addDomain !== undefined || flags.removeDomain !== undefined) {
    const removed = new Set((flags.removeDomain ?? []).map((d) => d.toLowerCase()))
    const kept = (await currentDomains(api, tid)).filter((d) => !removed.has(d))
    change.domains = [...kept, ...(flags.domain ?? []), ...(flags.addDomain ?? [])]
  }
  if (Object.keys(change).length === 0)
    throw new InvalidArgumentError(
      'nothing to change: give --name, --mpn-id, --domain, --add-domain, --remove-domain or --from.',
    )
  return change
}

async function currentDomains(api: AdminApi, tid: string): Promise<string[]> {
  try {
    return [...(await api.organization(tid)).domains]
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [] // set creates it
    throw error
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

function printOrganizations(organizations: readonly Organization[], json: boolean | undefined): void {
  if (json) return printJson(organizations)
  printTable(
    ['id', 'name', 'mpnId', 'domains'],
    organizations.map((o) => [o.id, o.name, o.mpnId, o.domains.join(', ')]),
  )
}

function printOrganization(organization: Organization, json: boolean | undefined): void {
  if (json) return printJson(organization)
  printOrganizations([organization], false)
  const { locations, solutionProfiles } = organization
  if (locations.length > 0)
    console.log(`locations: ${locations.map((l) => `${l.id} ${l.name}`.trim()).join(', ')}`)
  if (solutionProfiles.length > 0)
    console.log(`solution profiles: ${solutionProfiles.map((s) => `${s.id} ${s.name}`.trim()).join(', ')}`)
}
