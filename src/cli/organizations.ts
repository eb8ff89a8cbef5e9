// `cosell organizations list|get|set`: the directory's organisations (tenants) through the admin
// API: their names, MPN ids and the verified domains that route sign-ins through `common`.
import type { Command } from 'commander'
import { AdminApi, type Organization, type OrganizationChange } from '../client/admin.js'
import { ApiError } from '../client/errors.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run, UsageError } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printItem, printList, withOutput, type OutputFlags, type View } from './output.js'
import { readJson } from './referrals.js'

type Flags = ConnectionFlags & OutputFlags

const organizationView: View<Organization> = {
  columns: [
    { header: 'id', value: (o) => o.id },
    { header: 'name', value: (o) => o.name },
    { header: 'mpnId', value: (o) => o.mpnId },
    { header: 'domains', value: (o) => o.domains },
  ],
}

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
  withExamples(group, 'cosell organizations list')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const command = (name: string) => withOutput(withConnection(group.command(name)))

  withExamples(
    command('list').description('every organisation, Microsoft (msft) included'),
    'cosell organizations list',
    'cosell organizations list --output json',
  ).action((flags: Flags) =>
    run(async () => printList(await api(flags).organizations(), organizationView, flags)),
  )

  withExamples(
    command('get <tid>').description(
      'one organisation: name, MPN id, domains, locations and solution profiles',
    ),
    'cosell organizations get 55555555-5555-4555-8555-555555555555',
  ).action((tid: string, flags: Flags) =>
    run(async () => printOrganization(await api(flags).organization(tid), flags)),
  )

  command('set <tid>')
    .description('create the organisation or change only what is given (the rest is kept)')
    .option('--name <name>', 'display name')
    .option('--mpn-id <id>', 'partner (MPN) id, digits')
    .option('--domain <domain>', 'verified domain; repeat for several: replaces the list', collect)
    .option('--add-domain <domain>', 'add a verified domain to the list; repeatable', collect)
    .option('--remove-domain <domain>', 'remove a domain from the list; repeatable', collect)
    .option('--from <file>', 'a JSON change (locations, solutionProfiles, …; - for standard input)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cosell organizations set 55555555-5555-4555-8555-555555555555 --name Fabrikam --domain fabrikam.example\n  $ cosell organizations set 55555555-5555-4555-8555-555555555555 --add-domain fabrikam.example',
    )
    .action((tid: string, flags: SetFlags) =>
      run(async () => {
        const change = await changeOf(api(flags), tid, flags)
        printItem(await api(flags).saveOrganization(tid, change), organizationView, flags)
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
    throw new UsageError(
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

/** The organisation's line, then its locations and solution profiles, in table format. */
function printOrganization(organization: Organization, flags: OutputFlags): void {
  printItem(organization, organizationView, flags)
  if (formatOf(flags) !== 'table') return
  const { locations, solutionProfiles } = organization
  if (locations.length > 0)
    console.log(`locations: ${locations.map((l) => `${l.id} ${l.name}`.trim()).join(', ')}`)
  if (solutionProfiles.length > 0)
    console.log(`solution profiles: ${solutionProfiles.map((s) => `${s.id} ${s.name}`.trim()).join(', ')}`)
}
