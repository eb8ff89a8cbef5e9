// Loading a dump, the same for both stores: refuse a store that holds anything, insert the records
// in batches of one type, then check that the dump held every record its header announced (a file
// cut at a line boundary parses, but comes up short). The store runs all of it in one transaction,
// so a refused dump leaves the store as empty as it found it.
import { DumpFormatError } from './dump-lines.js'
import type { DumpWriter } from './dump-port.js'
import type { TableRecord } from './record-columns.js'
import {
  emptyCounts,
  recordTypes,
  type DumpCounts,
  type DumpHeader,
  type DumpLine,
  type RecordType,
  type SequenceRecord,
} from './dump-record.js'

/** Records inserted per statement (or per batch of statements). */
const batchSize = 100

/** The store a dump was to be loaded into holds data already. */
export class DumpTargetNotEmptyError extends Error {}

export async function loadLines(
  lines: AsyncIterable<DumpLine>,
  writer: DumpWriter,
  location: string,
): Promise<DumpCounts> {
  const occupied = await writer.occupied()
  if (occupied.length > 0)
    throw new DumpTargetNotEmptyError(
      `${location} is not empty (it holds ${occupied.join(', ')}): a dump loads into an empty store only, ` +
        'a new data directory or a new PostgreSQL database (createdb). Nothing was imported.',
    )
  let header: DumpHeader | undefined
  const counts = emptyCounts()
  const sequences: SequenceRecord[] = []
  let batch: TableRecord[] = []
  const flush = async () => {
    if (batch.length === 0) return
    await writer.insert(batch)
    batch = []
  }
  for await (const line of lines) {
    if (line.type === 'header') {
      if (header) throw new DumpFormatError(`line ${lineNumber(counts)}: a second header.`)
      header = line
      continue
    }
    if (!header) throw new DumpFormatError('line 1: the dump does not start with its header.')
    counts[line.type]++
    if (line.type === 'sequence') {
      sequences.push(line)
      continue
    }
    if (batch.length >= batchSize || (batch.length > 0 && !sameBatch(batch[0]!, line))) await flush()
    batch.push(line)
  }
  await flush()
  if (!header) throw new DumpFormatError('The dump is empty: it has no header.')
  checkComplete(header, counts)
  await writer.finish(sequences)
  return counts
}

function sameBatch(a: TableRecord, b: TableRecord): boolean {
  return a.type === b.type && snapshotOf(a) === snapshotOf(b)
}

function snapshotOf(record: TableRecord): string | undefined {
  return 'snapshot' in record ? record.snapshot : undefined
}

/** The line the last record came from: the header is line 1, each record a line after it. */
function lineNumber(counts: DumpCounts): number {
  return 1 + recordTypes.reduce((sum, type) => sum + counts[type], 0)
}

function checkComplete(header: DumpHeader, counts: DumpCounts): void {
  const announced = (type: RecordType) => header.records[type] ?? 0 // absent from dumps older than the type
  const short = recordTypes.filter((type: RecordType) => counts[type] !== announced(type))
  if (short.length === 0) return
  const detail = short.map((type) => `${counts[type]} ${type} records of ${announced(type)}`).join(', ')
  throw new DumpFormatError(
    `The dump ends at line ${lineNumber(counts)} with ${detail} that its header announces: it is cut short or was edited.`,
  )
}
