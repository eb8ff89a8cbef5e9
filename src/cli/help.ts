// Examples under a command's --help: every command shows at least one way to run it.
import type { Command } from 'commander'

/** Adds an Examples section after the command's help; each example is a full command line. */
export function withExamples(command: Command, ...examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`)
}
