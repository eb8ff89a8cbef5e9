// `cosell seed --referrals 500 [--organization <tid>] [--seed 42]`: realistic sample referrals,
// each made by the server's real create (and PATCH) use case.
import { InvalidArgumentError, type Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, run } from './format.js'

interface SeedFlags extends ConnectionFlags {
  readonly referrals: number
  readonly organization?: string
  readonly seed?: number
  readonly json?: boolean
}

export function addSeedCommand(program: Command): void {
  withConnection(program.command('seed'))
    .description('create realistic sample referrals for an organisation; the same seed gives the same ones')
    .option('--referrals <n>', 'how many, 1 to 10000', wholeNumber, 100)
    .option(
      '--organization <tid>',
      'tenant id to fill (default: the only partner organisation, or a sample one)',
    )
    .option('--seed <n>', 'seed of the sample (default 42)', wholeNumber)
    .option('--json', 'print JSON')
    .action((flags: SeedFlags) =>
      run(async () => {
        const result = await new AdminApi(adminClient(flags)).seed({
          referrals: flags.referrals,
          ...(flags.organization === undefined ? {} : { organizationId: flags.organization }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        })
        if (flags.json) return printJson(result)
        const states = Object.entries(result.byStatus).map(([state, n]) => `${n} ${state}`)
        console.log(
          `seeded ${result.created} referrals for ${result.organizationName} (${result.organizationId}), seed ${result.seed}: ${states.join(', ')}`,
        )
      }),
    )
}

function wholeNumber(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number.')
  return n
}
