// What CLI commands print: one object as JSON, a list as a table (or JSON with --json), errors as
// the server's message with every problem it listed.
import { ApiError } from '../client/errors.js'
import type { Referral } from '../client/referrals.js'

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2))
}

export function printReferrals(referrals: readonly Referral[], json: boolean | undefined): void {
  if (json) return printJson(referrals)
  printTable(
    ['id', 'status', 'direction', 'type', 'organization', 'name'],
    referrals.map((r) => [
      r.id,
      `${r.status}/${r.substatus}`,
      r.direction,
      r.type,
      r.organizationName,
      r.name ?? '',
    ]),
  )
}

/** Columns padded to their widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)))
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => String(cell).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
}

/** Runs a command's work, printing an API error the way a person wants to read it. */
export async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    if (error instanceof ApiError) {
      console.error(`cosell: ${error.status} ${error.code}: ${error.message}`)
      const problems = error.problems
      for (const p of problems) console.error(`  ${p.target}: ${p.message}`)
      if (problems.length === 0 && error.target) console.error(`  target: ${error.target}`)
    } else {
      console.error(`cosell: ${error instanceof Error ? error.message : String(error)}`)
    }
    process.exitCode = 1
  }
}
