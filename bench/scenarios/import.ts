// Issue 12's bulk target: `cosell import` of a generated co-sell CSV (Partner Center's layout)
// against a cosell it starts, in a child process as a user runs it. Prints rows/s and the peak
// RSS of the importing process at two sizes: memory that stays flat as the file grows is what
// "streaming" means. The importer reports its own peak (getrusage maxRSS) as it exits.
import { once } from 'node:events'
import { createWriteStream, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { runCli } from '../cli-run.js'
import { startCosell } from '../cosell.js'
import { label } from '../datasets.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'

const concurrency = 8
const peakTargetMb = 256 // the CLI loads every command group, the server's included: about 150 MB before a row

export async function importScenario(env: Env, sizes: readonly number[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const size of sizes) rows.push(await importOnce(env, size))
  return rows
}

async function importOnce(env: Env, size: number): Promise<Row> {
  const dir = join(env.workDir, `import-${size}`)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'deals.csv')
  await writeDeals(file, size)
  env.log(`import: ${label(size)} rows, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB of CSV`)
  const server = await startCosell(env.build, join(dir, 'data'))
  try {
    server.resetPeak()
    const started = performance.now()
    const { peakKb, summary } = await runImport(env, file, server.origin)
    const seconds = (performance.now() - started) / 1000
    const peakMb = peakKb / 1024
    return {
      scenario: `cosell import, ${concurrency} rows in flight`,
      rows: label(size),
      connections: concurrency,
      peakMb,
      target: { text: `importer peak RSS ≤ ${peakTargetMb} MB`, met: peakMb <= peakTargetMb },
      note: `${label(size / seconds)} rows/s (${seconds.toFixed(1)} s, process start included); server peak RSS ${server.memory().peakMb.toFixed(0)} MB; ${summary}`,
    }
  } finally {
    await server.stop()
  }
}

async function runImport(
  env: Env,
  file: string,
  origin: string,
): Promise<{ peakKb: number; summary: string }> {
  const run = await runCli(env, ['import', file, '--url', origin, '--concurrency', String(concurrency)])
  const summary =
    /\d+ created, \d+ updated, \d+ unchanged, \d+ failed/.exec(run.stdout)?.[0] ?? run.stdout.trim()
  return { peakKb: run.peakKb, summary }
}

const header =
  'Deal Name,Customer Name,Customer Address Line 1,Customer City,Customer State,Customer Postal Code,Customer Country,Customer Contact First Name,Customer Contact Last Name,Customer Contact Phone Number,Customer Contact Email Address,Partner Referral Status,Partner Referral Substatus,Sales Stage,Estimated Deal Value,Currency,Estimated Close Date,CRM ID,Notes,Microsoft help required?,What specific help from Microsoft?,Share with Microsoft sales team,Notes to Microsoft,Consent to share Customer/Partner contact,Marketplace Purchase Intent,Solution 1,Team member 1\r\n'

/** A generated file, written as a stream: rows differ, quoting and multi-line notes included. */
async function writeDeals(file: string, size: number): Promise<void> {
  const out = createWriteStream(file)
  await write(out, header)
  for (let i = 0; i < size; i++) {
    const shared = i % 3 === 0
    const row = [
      `Deal ${i}`,
      `"Customer ${i % 977}, Inc."`,
      `${i % 200} Main Street`,
      ['Redmond', 'Seattle', 'Dublin', 'Paris'][i % 4],
      'WA',
      '98052',
      ['US', 'US', 'IE', 'FR'][i % 4],
      'Sue',
      'Smith',
      '1234567890',
      `sue${i}@customer.example`,
      'New',
      'Accepted',
      String((i % 5) * 20),
      String(1_000 + (i % 90_000)),
      'USD',
      `${(i % 12) + 1}/15/2027`,
      `CRM-${i}`,
      `"Renewal ${i}, ""phase 2""\nsecond line"`,
      shared ? 'Yes' : 'No',
      shared ? String((i % 6) + 1) : '',
      shared ? 'Yes' : 'No',
      shared ? 'Need a POC' : '',
      'Yes',
      'Have not decided',
      '"SOL-1234-PQRS, USD, 10, 100"',
      `"Bob, Partner, 999999, bob${i % 50}@partner.example"`,
    ]
    await write(out, `${row.join(',')}\r\n`)
  }
  out.end()
  await once(out, 'finish')
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain')
}
