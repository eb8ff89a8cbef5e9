// A dump as text: one JSON object a line. Reading checks each line against its record's schema
// and names the line of the first fault, so that a cut or damaged file is refused before anything
// of it is committed.
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import {
  dumpFormat,
  dumpFormatVersion,
  HeaderSchema,
  recordSchemas,
  type DumpHeader,
  type DumpLine,
  type RecordType,
} from './dump-record.js'

/** The dump cannot be read: its message names the line and what is wrong with it. */
export class DumpFormatError extends Error {}

export function dumpLineText(line: DumpLine): string {
  return `${JSON.stringify(line)}\n`
}

const validators = new Map<TSchema, ReturnType<typeof Compile>>()

/** The lines of `input`, the header first, each checked; throws DumpFormatError at the first fault. */
export async function* readDump(input: Readable): AsyncGenerator<DumpLine> {
  let number = 0
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    number++
    yield number === 1 ? header(parse(text, number), number) : record(parse(text, number), number)
  }
  if (number === 0) throw new DumpFormatError('The file is empty: it is not a cosell database dump.')
}

function parse(text: string, number: number): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new DumpFormatError(`line ${number}: not a JSON object (${(error as Error).message}).`)
  }
}

function header(value: unknown, number: number): DumpHeader {
  const format = (value as { format?: unknown } | null)?.format
  if (format !== dumpFormat)
    throw new DumpFormatError(
      `line ${number}: this is not a cosell database dump (its first line must name the format "${dumpFormat}"; \`cosell export --all\` writes one).`,
    )
  const version = (value as { formatVersion?: unknown }).formatVersion
  if (typeof version === 'number' && version > dumpFormatVersion)
    throw new DumpFormatError(
      `line ${number}: the dump is of format version ${version}, written by a newer cosell; this one reads version ${dumpFormatVersion}.`,
    )
  return checked(HeaderSchema, value, number, 'header') as DumpHeader
}

function record(value: unknown, number: number): DumpLine {
  const type = (value as { type?: unknown } | null)?.type
  if (typeof type !== 'string' || !Object.hasOwn(recordSchemas, type))
    throw new DumpFormatError(
      `line ${number}: unknown record type ${JSON.stringify(type)} (one of ${Object.keys(recordSchemas).join(', ')}).`,
    )
  return checked(recordSchemas[type as RecordType], value, number, type)
}

function checked(schema: TSchema, value: unknown, number: number, what: string): DumpLine {
  let validator = validators.get(schema)
  if (!validator) validators.set(schema, (validator = Compile(schema)))
  if (validator.Check(value)) return value as DumpLine
  const [first] = [...validator.Errors(value)] as { instancePath: string; message: string }[]
  const at = first?.instancePath ? ` ${first.instancePath.slice(1).replaceAll('/', '.')}` : ''
  throw new DumpFormatError(`line ${number}: the ${what} record${at} ${first?.message ?? 'is not valid'}.`)
}
