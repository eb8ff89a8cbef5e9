// `cosell import <file>`: co-sell opportunities from a CSV in Partner Center's layout, or JSON
// lines, created or updated through the Referrals API. Read as a stream, a bounded number of rows
// in flight; failed rows go to an errors file (the row and what was wrong), a progress bar runs on
// a terminal, and one summary line ends the run. Exit code 1 when any row failed.
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { once } from 'node:events'
import { basename, dirname, extname, join } from 'node:path'
import type { Writable } from 'node:stream'
import { readCsv } from '../bulk/csv-parser.js'
import { csvRowReader, csvRows, type CsvRow } from '../bulk/csv-rows.js'
import { csvRecord } from '../bulk/csv-writer.js'
import type { Header } from '../bulk/header.js'
import { importReferrals, type RowOutcome, type RowResult } from '../bulk/import-referrals.js'
import { jsonlRowReader, jsonlRows, type JsonlRow } from '../bulk/jsonl-rows.js'
import type { RowProblem } from '../bulk/row-to-referral.js'
import { ReferralsApi } from '../client/referrals.js'
import { partnerClient, type ConnectionFlags } from './connection.js'
import { ProgressBar } from './progress-bar.js'
import { referralTarget } from './referral-target.js'

export type BulkFormat = 'csv' | 'jsonl'

export interface ImportFlags extends ConnectionFlags {
  readonly format?: string
  readonly errors?: string
  readonly dryRun?: boolean
  readonly concurrency?: string
}

export async function importFile(file: string, flags: ImportFlags): Promise<void> {
  const format = formatOf(flags.format, file)
  const concurrency = Number(flags.concurrency ?? 8)
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64))
    throw new Error('--concurrency must be a whole number from 1 to 64')
  const errorsPath = flags.errors ?? defaultErrorsPath(file, format)
  const input = new ByteCount(file)
  const target = referralTarget(new ReferralsApi(partnerClient(flags)))
  const options = { concurrency, dryRun: flags.dryRun === true }
  const errors = new ErrorsFile(errorsPath)
  const tally = new Tally()
  const bar = new ProgressBar()
  const show = () =>
    bar.update(() => ({
      ...(input.fraction() === undefined ? {} : { fraction: input.fraction()! }),
      text: tally.progress(),
    }))
  try {
    if (format === 'csv') {
      let header: readonly string[] = []
      const rows = csvRows(readCsv(input.chunks()), (found, fields) => {
        header = fields
        reportHeader(found)
      })
      for await (const outcome of importReferrals(rows, csvRowReader, target, options)) {
        tally.add(outcome.result)
        if (outcome.result === 'failed') await errors.write(csvErrorLines(header, outcome))
        show()
      }
    } else {
      const rows = jsonlRows(input.chunks())
      for await (const outcome of importReferrals(rows, jsonlRowReader, target, options)) {
        tally.add(outcome.result)
        if (outcome.result === 'failed') await errors.write(jsonlErrorLine(outcome))
        show()
      }
    }
  } catch (error) {
    // say how far it got: the rows counted so far are done, those in flight may be
    bar.clear()
    console.log(`${tally.summary(options.dryRun, errors.written ? errorsPath : undefined)}; stopped`)
    throw error
  } finally {
    bar.clear()
    await errors.close()
  }
  console.log(tally.summary(options.dryRun, errors.written ? errorsPath : undefined))
  if (tally.failed > 0) process.exitCode = 1
}

function formatOf(given: string | undefined, file: string): BulkFormat {
  const format = (given ?? (/\.jsonl?$/i.test(file) ? 'jsonl' : 'csv')).toLowerCase()
  if (format !== 'csv' && format !== 'jsonl') throw new Error(`--format must be csv or jsonl, not '${given}'`)
  return format
}

function defaultErrorsPath(file: string, format: BulkFormat): string {
  if (file === '-') return `import-errors.${format}`
  return join(dirname(file), `${basename(file, extname(file))}.errors.${format}`)
}

function reportHeader(header: Header): void {
  if (header.unknown.length > 0)
    console.error(
      `cosell import: unknown columns, ignored: ${header.unknown.map((c) => `"${c}"`).join(', ')}`,
    )
  if (header.repeated.length > 0)
    console.error(`cosell import: repeated columns, only the first is read: ${header.repeated.join(', ')}`)
}

function describe(problems: readonly RowProblem[]): string {
  return problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join('; ')
}

/** The errors file keeps the input's columns, with the problems in its Errors column (added first when missing). */
function csvErrorLines(
  header: readonly string[],
  outcome: RowOutcome<CsvRow>,
): { header: string; line: string } {
  const at = header.findIndex((name) => name.trim().toLowerCase() === 'errors')
  const fields = [...outcome.row.fields]
  const message = describe(outcome.problems)
  if (at >= 0) {
    while (fields.length <= at) fields.push('')
    fields[at] = message
    return { header: csvRecord(header), line: csvRecord(fields) }
  }
  return { header: csvRecord(['Errors', ...header]), line: csvRecord([message, ...fields]) }
}

function jsonlErrorLine(outcome: RowOutcome<JsonlRow>): { header: string; line: string } {
  const errors = outcome.problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message))
  const line = outcome.row.value
    ? JSON.stringify({ errors, ...outcome.row.value })
    : JSON.stringify({ errors, line: outcome.row.text })
  return { header: '', line: `${line}\n` }
}

/** The file's chunks as text, counting the bytes read for the progress bar. */
class ByteCount {
  private read = 0
  private readonly size: number | undefined

  constructor(private readonly file: string) {
    this.size = file === '-' ? undefined : statSync(file).size
  }

  fraction(): number | undefined {
    return this.size ? Math.min(1, this.read / this.size) : undefined
  }

  async *chunks(): AsyncGenerator<string> {
    const stream =
      this.file === '-' ? process.stdin : createReadStream(this.file, { highWaterMark: 64 * 1024 })
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      this.read += chunk.length
      yield decoder.decode(chunk, { stream: true })
    }
    const rest = decoder.decode()
    if (rest) yield rest
  }
}

/** Created only when a row fails; writes wait for the disk (bounded memory however many fail). */
class ErrorsFile {
  written = false
  private stream: Writable | undefined

  constructor(private readonly path: string) {}

  async write({ header, line }: { header: string; line: string }): Promise<void> {
    if (!this.stream) {
      this.stream = createWriteStream(this.path)
      this.written = true
      if (header) await writeText(this.stream, header)
    }
    await writeText(this.stream, line)
  }

  async close(): Promise<void> {
    if (!this.stream) return
    this.stream.end()
    await once(this.stream, 'finish')
  }
}

export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain')
}

class Tally {
  read = 0
  failed = 0
  private readonly counts: Record<RowResult, number> = { created: 0, updated: 0, unchanged: 0, failed: 0 }
  private readonly started = performance.now()

  add(result: RowResult): void {
    this.read++
    this.counts[result]++
    if (result === 'failed') this.failed++
  }

  private rate(): number {
    return this.read / Math.max(0.001, (performance.now() - this.started) / 1000)
  }

  progress(): string {
    return `${this.read} rows, ${this.counts.created} created, ${this.counts.updated} updated, ${this.failed} failed, ${this.rate().toFixed(0)} rows/s`
  }

  summary(dryRun: boolean, errorsPath: string | undefined): string {
    const seconds = (performance.now() - this.started) / 1000
    const c = this.counts
    const verb = dryRun ? 'would be ' : ''
    return [
      `cosell import${dryRun ? ' (dry run, nothing written)' : ''}: ${this.read} rows read, ${verb}${c.created} created, ${verb}${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed`,
      ` in ${seconds.toFixed(1)} s (${this.rate().toFixed(0)} rows/s)`,
      errorsPath ? `; failed rows in ${errorsPath}` : '',
    ].join('')
  }
}
