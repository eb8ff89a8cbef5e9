// `cosell clock [show|advance <duration>|set <time>|freeze|resume]`: the sandbox's virtual clock.
import type { Command } from 'commander'
import { AdminApi, type ClockChange, type ClockChanged, type ClockView } from '../client/admin.js'
import { adminClient, withConnection, type ConnectionFlags } from './connection.js'
import { printJson, run } from './format.js'

type Flags = ConnectionFlags & { json?: boolean }

export function addClockCommands(program: Command): void {
  const group = program
    .command('clock')
    .description('show or move the virtual clock every server-set time reads (time only moves forward)')
  const api = (flags: Flags) => new AdminApi(adminClient(flags))
  const change = (flags: Flags, body: ClockChange) =>
    run(async () => printClock(await api(flags).changeClock(body), flags.json))

  withConnection(group.command('show', { isDefault: true }))
    .description('print the clock (the default)')
    .option('--json', 'print JSON')
    .action((flags: Flags) => run(async () => printClock(await api(flags).clock(), flags.json)))

  withConnection(group.command('advance <duration>'))
    .description('move forward by an ISO-8601 duration, e.g. P14DT1H or PT30M')
    .option('--json', 'print JSON')
    .action((duration: string, flags: Flags) => change(flags, { advance: duration }))

  withConnection(group.command('set <time>'))
    .description('move to an instant, e.g. 2026-06-30T09:00:00Z (never earlier than now)')
    .option('--json', 'print JSON')
    .action((time: string, flags: Flags) => change(flags, { set: time }))

  withConnection(group.command('freeze'))
    .description('stop the clock where it stands')
    .option('--json', 'print JSON')
    .action((flags: Flags) => change(flags, { freeze: true }))

  withConnection(group.command('resume'))
    .description('let a frozen clock run on from where it stands')
    .option('--json', 'print JSON')
    .action((flags: Flags) => change(flags, { resume: true }))
}

function printClock(clock: ClockView | ClockChanged, json: boolean | undefined): void {
  if (json) return printJson(clock)
  console.log(`${clock.now}  ${clock.frozen ? 'frozen' : 'running'}  offset ${clock.offset}`)
  if ('expired' in clock) {
    const { accepted, declined, closed } = clock.microsoft
    console.log(
      `expired ${clock.expired}; Microsoft accepted ${accepted}, declined ${declined}, closed ${closed}`,
    )
  }
}
