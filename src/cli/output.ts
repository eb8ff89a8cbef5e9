// What commands print, in the format asked for with --output: `table` (the default: one line for
// one object, a table with a header for a list), `json` (the whole object or list, as the server
// answered it) or `csv` (a header row, then one row an object, quoted as RFC 4180 says).
import { Option, type Command } from 'commander'

export const outputFormats = ['table', 'json', 'csv'] as const
export type OutputFormat = (typeof outputFormats)[number]

export interface OutputFlags {
  readonly output?: OutputFormat
  readonly json?: boolean
}

/** One column of a table or CSV: its header and how to read it from an item. */
export interface Column<T> {
  readonly header: string
  readonly value: (item: T) => unknown
}

/** How a kind of object prints: its columns, and optionally its one-line form. */
export interface View<T> {
  readonly columns: readonly Column<T>[]
  readonly line?: (item: T) => string
}

/** Adds --output and its alias --json to a command that prints data. */
export function withOutput(command: Command): Command {
  return command.addOption(outputOption()).addOption(jsonOption())
}

export function outputOption(): Option {
  return new Option('--output <format>', 'table (default), json (the whole object) or csv')
    .choices(outputFormats)
    .default('table')
}

export function jsonOption(): Option {
  return new Option('--json', 'same as --output json').implies({ output: 'json' })
}

export function formatOf(flags: OutputFlags): OutputFormat {
  return flags.json ? 'json' : (flags.output ?? 'table')
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2))
}

/** A list: a table with a header, JSON, or CSV. */
export function printList<T>(items: readonly T[], view: View<T>, flags: OutputFlags): void {
  const format = formatOf(flags)
  if (format === 'json') return printJson(items)
  const rows = items.map((item) => view.columns.map((c) => c.value(item)))
  printRows(
    view.columns.map((c) => c.header),
    rows,
    flags,
  )
}

/** Rows already read: a table, or CSV (JSON is the caller's: the objects themselves). */
export function printRows(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  flags: OutputFlags,
): void {
  if (formatOf(flags) === 'csv') return printCsv(header, rows)
  printTable(header, rows)
}

/** One object: one line, the whole object as JSON, or CSV with a header row. */
export function printItem<T>(item: T, view: View<T>, flags: OutputFlags, whole: unknown = item): void {
  const format = formatOf(flags)
  if (format === 'json') return printJson(whole)
  if (format === 'csv') return printList([item], view, flags)
  console.log(view.line ? view.line(item) : view.columns.map((c) => cell(c.value(item))).join('  '))
}

/** An object with no view of its own (a policy, a result count): `key value` pairs on one line. */
export function printRecord(record: object, flags: OutputFlags): void {
  const entries = Object.entries(record)
  const view: View<object> = {
    columns: entries.map(([key]) => ({ header: key, value: () => (record as Record<string, unknown>)[key] })),
    line: () => entries.map(([key, value]) => `${key} ${cell(value)}`).join('  '),
  }
  printItem(record, view, flags)
}

/** Columns padded to their widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const text = rows.map((row) => row.map(cell))
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]!.length)))
  for (const row of [header, ...text])
    console.log(
      row
        .map((value, i) => value.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
}

export function printCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  for (const row of [header, ...rows]) console.log(row.map((value) => csvField(cell(value))).join(','))
}

/** A field quoted when it holds a comma, a quote or a line break; quotes doubled inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A value as one cell: nothing for null, lists joined, objects as compact JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(cell).join(', ')
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value) ?? ''
}
