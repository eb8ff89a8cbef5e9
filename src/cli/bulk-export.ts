// `cosell export`: the referrals the connection's partner sees (a $filter narrows them), page by
// page through `@odata.nextLink`, as CSV in Partner Center's layout or as JSON lines, to a file
// or standard output. JSON lines stream straight out. A CSV header must list as many "Solution N"
// and "Team member N" columns as the widest referral needs, so CSV rows wait in a temporary file
// until the last page, then follow the header: memory stays flat however many referrals there are.
import { once } from 'node:events'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Writable } from 'node:stream'
import { csvRecord } from '../bulk/csv-writer.js'
import { csvHeader, csvRow, referralCells, type ReferralCells } from '../bulk/referral-to-row.js'
import type { Referral } from '../client/referrals.js'
import { ReferralsApi } from '../client/referrals.js'
import { writeText } from './bulk-import.js'
import { partnerClient, type ConnectionFlags } from './connection.js'

export interface ExportFlags extends ConnectionFlags {
  readonly format?: string
  readonly filter?: string
  readonly out?: string
}

export async function exportReferrals(flags: ExportFlags): Promise<void> {
  const format = (flags.format ?? 'csv').toLowerCase()
  if (format !== 'csv' && format !== 'jsonl')
    throw new Error(`--format must be csv or jsonl, not '${flags.format}'`)
  const referrals = new ReferralsApi(partnerClient(flags)).all(flags.filter ? { $filter: flags.filter } : {})
  const started = performance.now()
  const out = flags.out ? createWriteStream(flags.out) : process.stdout
  const count = await (format === 'csv' ? writeCsv : writeJsonl)(referrals, out)
  if (flags.out) {
    out.end()
    await once(out, 'finish')
  }
  const seconds = (performance.now() - started) / 1000
  console.error(
    `cosell export: ${count} referrals as ${format} to ${flags.out ?? 'standard output'} in ${seconds.toFixed(1)} s`,
  )
}

async function writeJsonl(referrals: AsyncIterable<Referral>, out: Writable): Promise<number> {
  let count = 0
  for await (const r of referrals) {
    await writeText(out, `${JSON.stringify(r)}\n`)
    count++
  }
  return count
}

async function writeCsv(referrals: AsyncIterable<Referral>, out: Writable): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-export-'))
  try {
    const spoolPath = join(dir, 'rows.jsonl')
    const spool = createWriteStream(spoolPath)
    const widths = { solutions: 1, team: 1 }
    let count = 0
    for await (const r of referrals) {
      const cells = referralCells(r)
      widths.solutions = Math.max(widths.solutions, cells.solutions.length)
      widths.team = Math.max(widths.team, cells.team.length)
      await writeText(spool, `${JSON.stringify(cells)}\n`)
      count++
    }
    spool.end()
    await once(spool, 'finish')
    await writeText(out, csvRecord(csvHeader(widths)))
    for await (const line of createInterface({ input: createReadStream(spoolPath), crlfDelay: Infinity }))
      await writeText(out, csvRecord(csvRow(JSON.parse(line) as ReferralCells, widths)))
    return count
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
