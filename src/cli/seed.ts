// `cosell seed --referrals 500 [--organization <tid>] [--seed 42]`: realistic sample referrals,
// each made by the server's real create (and PATCH) use case.
import { InvalidArgumentError, type Command } from 'commander'
import { AdminApi } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRecord, withOutput, type OutputFlags } from './output.js'

interface SeedFlags extends ConnectionFlags, OutputFlags {
  readonly referrals: number
  readonly organization?: string
  readonly seed?: number
}

export function addSeedCommand(program: Command): void {
  withExamples(
    withOutput(withConnection(program.command('seed'))),
    'cosell seed --referrals 50',
    'cosell seed --referrals 500 --organization 11111111-1111-4111-8111-111111111111 --seed 7',
  )
    .description('create realistic sample referrals for an organisation; the same seed gives the same ones')
    .option('--referrals <n>', 'how many, 1 to 10000', wholeNumber, 100)
    .option(
      '--organization <tid>',
      'tenant id to fill (default: the only partner organisation, or a sample one)',
    )
    .option('--seed <n>', 'seed of the sample (default 42)', wholeNumber)
    .action((flags: SeedFlags) =>
      run(async () => {
        const result = await new AdminApi(adminClient(flags)).seed({
          referrals: flags.referrals,
          ...(flags.organization === undefined ? {} : { organizationId: flags.organization }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        })
        if (formatOf(flags) === 'json') return printJson(result)
        if (formatOf(flags) === 'csv') {
          const { created, organizationId, organizationName, seed } = result
          return printRecord({ created, organizationId, organizationName, seed, ...result.byStatus }, flags)
        }
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
