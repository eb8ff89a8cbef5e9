// Every command's --help ends with examples, and the program's lists the exit codes: read from the
// program itself, command by command, as commander prints them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Command } from 'commander'
import { buildProgram } from '../../src/cli/program.js'

function helpOf(command: Command): string {
  let text = ''
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) })
  command.outputHelp()
  return text
}

function everyCommand(command: Command, path = 'cosell'): [string, Command][] {
  return command.commands.flatMap((sub) => {
    const name = `${path} ${sub.name()}`
    return [[name, sub] as [string, Command], ...everyCommand(sub, name)]
  })
}

test("every command's help shows at least one example of running it", () => {
  const commands = everyCommand(buildProgram())
  assert.ok(commands.length > 50, `only ${commands.length} commands found`)
  const without = commands.filter(([, c]) => !/\nExamples:\n {2}\$ \S/.test(helpOf(c))).map(([n]) => n)
  assert.deepEqual(without, [])
})

test("each command's examples run that command (or pipe into it)", () => {
  for (const [name, command] of everyCommand(buildProgram())) {
    const examples = helpOf(command).split('\nExamples:\n')[1] ?? ''
    const runs = examples.split('\n').filter((line) => line.includes(name))
    assert.ok(runs.length > 0, `${name}: no example runs it`)
  }
})

test('the program help lists the exit codes and the connection settings', () => {
  const help = helpOf(buildProgram())
  for (const line of [
    /0 {2}success/,
    /2 {2}usage error/,
    /3 {2}cannot reach the server/,
    /4 {2}precondition failed \(412\)/,
  ])
    assert.match(help, line)
  assert.match(help, /COSELL_URL/)
  assert.match(help, /--profile NAME or COSELL_PROFILE/)
})
