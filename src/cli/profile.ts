// `cosell profile add|list|show|remove|use`: named connection profiles (profiles.ts), so the same
// commands reach a local cosell or Microsoft's service by name (--profile, COSELL_PROFILE).
import type { Command } from 'commander'
import { run, UsageError } from './format.js'
import { withExamples } from './help.js'
import { printItem, printList, withOutput, type OutputFlags, type View } from './output.js'
import {
  configPath,
  profileFields,
  profileNamed,
  readConfigFile,
  shownProfile,
  writeConfigFile,
  type Profile,
} from './profiles.js'

type AddFlags = Profile & { use?: boolean }

interface ProfileRow {
  readonly name: string
  readonly current: boolean
  readonly profile: Record<string, string>
}

const profileView: View<ProfileRow> = {
  columns: [
    { header: 'name', value: (p) => `${p.name}${p.current ? ' *' : ''}` },
    ...profileFields.map((field) => ({ header: field, value: (p: ProfileRow) => p.profile[field] })),
  ],
  line: (p) =>
    [
      p.name + (p.current ? ' (current)' : ''),
      ...Object.entries(p.profile).map(([k, v]) => `${k} ${v}`),
    ].join('  '),
}

export function addProfileCommands(program: Command): void {
  const group = program
    .command('profile')
    .alias('profiles')
    .description(`named connection settings, kept in ${configPath().replace(process.env.HOME ?? '\0', '~')}`)
  withExamples(group, 'cosell profile add local --url http://localhost:8080', 'cosell profile list')

  withExamples(
    group
      .command('add <name>')
      .description('add a profile, or change the settings given of an existing one (the rest is kept)')
      .option('--url <url>', 'server base URL, e.g. https://api.partner.microsoft.com')
      .option('--tenant <tid>', 'partner tenant to act as')
      .option('--user <upn>', 'user to act as')
      .option('--token <jwt>', 'bearer token (stored in the file: prefer --token-command)')
      .option('--token-command <command>', 'shell command that prints a bearer token, run when needed')
      .option('--admin-token <token>', 'admin token for /_cosell calls')
      .option('--use', 'make it the current profile'),
    'cosell profile add sandbox --url http://localhost:8080 --tenant 11111111-1111-4111-8111-111111111111 --user ann@partner.example --use',
    'cosell profile add prod --url https://api.partner.microsoft.com --token-command "az account get-access-token --resource https://api.partner.microsoft.com --query accessToken -o tsv"',
  ).action((name: string, flags: AddFlags) =>
    run(() => {
      const file = readConfigFile()
      const given = Object.fromEntries(
        profileFields.flatMap((f) => (flags[f] === undefined ? [] : [[f, flags[f]]])),
      )
      const profile: Profile = { ...file.profiles[name], ...given }
      writeConfigFile({
        ...file,
        ...(flags.use ? { current: name } : {}),
        profiles: { ...file.profiles, [name]: profile },
      })
      console.log(
        `${file.profiles[name] ? 'updated' : 'added'} profile ${name}${flags.use ? ' (current)' : ''}`,
      )
    }),
  )

  withExamples(
    withOutput(group.command('list')).description(
      'every profile; * marks the current one; secrets shortened',
    ),
    'cosell profile list',
    'cosell profile list --output json',
  ).action((flags: OutputFlags) =>
    run(() => {
      const file = readConfigFile()
      const rows = Object.entries(file.profiles).map(([name, profile]) => rowOf(name, profile, file.current))
      printList(rows, profileView, flags)
    }),
  )

  withExamples(
    withOutput(group.command('show [name]')).description(
      'one profile (default: the current one); secrets shortened',
    ),
    'cosell profile show prod',
  ).action((name: string | undefined, flags: OutputFlags) =>
    run(() => {
      const file = readConfigFile()
      const chosen = name ?? process.env.COSELL_PROFILE ?? file.current
      if (chosen === undefined)
        throw new UsageError('no current profile: name one, or choose one with `cosell profile use`.')
      const row = rowOf(chosen, profileNamed(file, chosen), file.current)
      printItem(row, profileView, flags, { name: row.name, current: row.current, ...row.profile })
    }),
  )

  withExamples(
    group.command('remove <name>').description('remove a profile'),
    'cosell profile remove prod',
  ).action((name: string) =>
    run(() => {
      const file = readConfigFile()
      profileNamed(file, name)
      const { [name]: _removed, ...profiles } = file.profiles
      const current = file.current === name ? undefined : file.current
      writeConfigFile({ ...(current === undefined ? {} : { current }), profiles })
      console.log(`removed profile ${name}`)
    }),
  )

  withExamples(
    group
      .command('use [name]')
      .description('make a profile the current one; without a name, use none')
      .option('--none', 'use no profile'),
    'cosell profile use prod',
    'cosell profile use --none',
  ).action((name: string | undefined, flags: { none?: boolean }) =>
    run(() => {
      const file = readConfigFile()
      if (name === undefined && !flags.none) throw new UsageError('name a profile, or give --none.')
      if (name !== undefined) profileNamed(file, name)
      writeConfigFile({ ...(name === undefined ? {} : { current: name }), profiles: file.profiles })
      console.log(name === undefined ? 'no current profile' : `current profile: ${name}`)
    }),
  )
}

function rowOf(name: string, profile: Profile, current: string | undefined): ProfileRow {
  return { name, current: name === current, profile: shownProfile(profile) }
}
