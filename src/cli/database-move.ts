// `cosell export --all`, `cosell import --all` and `cosell migrate` (docs/backup.md): a whole
// database, read from and written to the store directly (no server), as JSON lines. The store is
// found as `cosell serve` finds it (--database-url / DATABASE_URL, else --data-dir /
// COSELL_DATA_DIR). A progress bar runs on a terminal; one summary line ends the run.
import { once } from 'node:events'
import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { loadConfig } from '../config/load.js'
import { DumpFormatError, dumpLineText, readDump } from '../store/dump/dump-lines.js'
import type { DumpTarget } from '../store/dump/dump-port.js'
import { recordTypes, type DumpCounts, type DumpLine } from '../store/dump/dump-record.js'
import { openDumpSource, openDumpTarget } from '../store/dump/open-location.js'
import { writeText } from './bulk-import.js'
import { ProgressBar } from './progress-bar.js'

export interface StoreFlags {
  readonly dataDir?: string
  readonly databaseUrl?: string
}

/** The store `cosell serve` would open with these flags and the environment. */
export function storeLocation(flags: StoreFlags): string {
  const config = loadConfig(process.env, { dataDir: flags.dataDir, databaseUrl: flags.databaseUrl })
  return config.databaseUrl ?? config.dataDir
}

export async function exportDatabase(flags: StoreFlags & { readonly out?: string }): Promise<void> {
  const source = await openDumpSource(storeLocation(flags))
  const started = performance.now()
  // the dump holds the signing key and the paging key: the file is its owner's alone
  const out: Writable = flags.out ? createWriteStream(flags.out, { mode: 0o600 }) : process.stdout
  try {
    const counts = await copy(source.dump(), (line) => writeText(out, dumpLineText(line)))
    if (flags.out) {
      out.end()
      await once(out, 'finish')
    }
    summary('export --all', counts, `${source.location} to ${flags.out ?? 'standard output'}`, started)
  } catch (error) {
    if (flags.out) {
      out.destroy()
      rmSync(flags.out, { force: true }) // half a dump is no backup
    }
    throw error
  } finally {
    await source.close()
  }
}

export async function importDatabase(file: string, flags: StoreFlags): Promise<void> {
  if (file !== '-' && !existsSync(file)) throw new Error(`${file}: no such file`)
  const input: Readable = file === '-' ? process.stdin : createReadStream(file)
  const lines = readDump(input)
  const target = await openDumpTarget(storeLocation(flags))
  await load(target, lines, file === '-' ? 'standard input' : file)
}

export async function migrateDatabase(flags: { readonly from: string; readonly to: string }): Promise<void> {
  const source = await openDumpSource(flags.from)
  try {
    await load(await openDumpTarget(flags.to), source.dump(), source.location, 'migrate')
  } finally {
    await source.close()
  }
}

async function load(target: DumpTarget, lines: AsyncIterable<DumpLine>, from: string, verb = 'import --all') {
  const started = performance.now()
  try {
    const counts = await target.load(counting(lines, new ProgressBar()))
    summary(verb, counts, `${from} into ${target.location}`, started)
  } catch (error) {
    if (error instanceof DumpFormatError) error.message = `${from}: ${error.message} Nothing was imported.`
    throw error
  } finally {
    await target.close()
  }
}

/** Writes each line of `lines`; answers what it wrote. */
async function copy(
  lines: AsyncIterable<DumpLine>,
  write: (line: DumpLine) => Promise<void>,
): Promise<DumpCounts> {
  let header: DumpCounts | undefined
  for await (const line of counting(lines, new ProgressBar())) {
    if (line.type === 'header') header = line.records
    await write(line)
  }
  return header!
}

/** The lines as they come, drawing progress against the total the header announces. */
async function* counting(lines: AsyncIterable<DumpLine>, bar: ProgressBar): AsyncGenerator<DumpLine> {
  let total = 0
  let done = 0
  try {
    for await (const line of lines) {
      if (line.type === 'header') total = recordTypes.reduce((sum, type) => sum + line.records[type], 0)
      else done++
      bar.update(() => ({
        ...(total > 0 ? { fraction: Math.min(1, done / total) } : {}),
        text: `${done.toLocaleString('en')} of ${total.toLocaleString('en')} records`,
      }))
      yield line
    }
  } finally {
    bar.clear()
  }
}

function summary(verb: string, counts: DumpCounts, where: string, started: number): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const parts = recordTypes
    .filter((type) => counts[type] > 0)
    .map((type) => `${counts[type].toLocaleString('en')} ${type}${counts[type] === 1 ? '' : 's'}`)
  console.error(`cosell ${verb}: ${parts.join(', ') || 'nothing'} from ${where} in ${seconds} s`)
}
