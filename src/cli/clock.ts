// `cosell clock [show|advance <duration>|set <time>|freeze|resume]`: the sandbox's virtual clock.
import type { Command } from 'commander'
import { AdminApi, type ClockChange, type ClockChanged, type ClockView } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { run } from './format.js'
import { withExamples } from './help.js'
import { formatOf, printJson, printRecord, withOutput, type OutputFlags } from './output.js'

type Flags = ConnectionFlags & OutputFlags

export function addClockCommands(program: Command): void {
  const group = program
    .command('clock')
    .description('show or move the virtual clock every server-set time reads (time only moves forward)')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const change = (flags: Flags, body: ClockChange) =>
    run(async () => printClock(await api(flags).changeClock(body), flags))
  const command = (name: string, ...examples: string[]) =>
    withExamples(withOutput(withConnection(group.command(name, { isDefault: name === 'show' }))), ...examples)
  withExamples(group, 'cosell clock', 'cosell clock advance P14D')

  command('show', 'cosell clock show', 'cosell clock --output json')
    .description('print the clock (the default)')
    .action((flags: Flags) => run(async () => printClock(await api(flags).clock(), flags)))

  command('advance <duration>', 'cosell clock advance P14DT1H', 'cosell clock advance PT30M')
    .description('move forward by an ISO-8601 duration, e.g. P14DT1H or PT30M')
    .action((duration: string, flags: Flags) => change(flags, { advance: duration }))

  command('set <time>', 'cosell clock set 2030-06-30T09:00:00Z')
    .description('move to an instant, e.g. 2026-06-30T09:00:00Z (never earlier than now)')
    .action((time: string, flags: Flags) => change(flags, { set: time }))

  command('freeze', 'cosell clock freeze')
    .description('stop the clock where it stands')
    .action((flags: Flags) => change(flags, { freeze: true }))

  command('resume', 'cosell clock resume')
    .description('let a frozen clock run on from where it stands')
    .action((flags: Flags) => change(flags, { resume: true }))
}

function printClock(clock: ClockView | ClockChanged, flags: OutputFlags): void {
  if (formatOf(flags) === 'json') return printJson(clock)
  if (formatOf(flags) === 'csv') {
    const { now, frozen, offset } = clock
    const moved = 'expired' in clock ? { expired: clock.expired, ...clock.microsoft } : {}
    return printRecord({ now, frozen, offset, ...moved }, flags)
  }
  console.log(`${clock.now}  ${clock.frozen ? 'frozen' : 'running'}  offset ${clock.offset}`)
  if ('expired' in clock) {
    const { accepted, declined, closed } = clock.microsoft
    console.log(
      `expired ${clock.expired}; Microsoft accepted ${accepted}, declined ${declined}, closed ${closed}`,
    )
  }
}
