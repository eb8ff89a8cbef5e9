// The rows of a co-sell CSV: the header record names the columns, every later record is a row.
import type { Referral } from '../domain/referral/schema.js'
import { blankReferral } from './blank-referral.js'
import type { Cells } from './cells.js'
import type { CsvRecord } from './csv-parser.js'
import { readHeader, type Header } from './header.js'
import type { RowReader } from './import-referrals.js'
import { columnOfTarget } from './problem-column.js'
import { applyRow, createBody, type RowProblem } from './row-to-referral.js'

export interface CsvRow {
  /** The record as read, for the errors file. */
  readonly fields: readonly string[]
  readonly cells: Cells
  readonly line: number
  /** A record with more fields than the header has. */
  readonly extra: number
}

/** Rows after the header; `onHeader` sees the header (to report unknown columns) before any row. */
export async function* csvRows(
  records: AsyncIterable<CsvRecord>,
  onHeader: (header: Header, fields: readonly string[]) => void,
): AsyncGenerator<CsvRow> {
  let header: Header | undefined
  for await (const record of records) {
    if (!header) {
      header = readHeader(record.fields)
      onHeader(header, record.fields)
      continue
    }
    const cells = new Map<string, string>()
    // a short record (trailing empty cells cut off) leaves the missing columns as they are
    header.keys.forEach((key, i) => {
      const cell = record.fields[i]
      if (key !== undefined && cell !== undefined) cells.set(key, cell)
    })
    yield {
      fields: record.fields,
      cells,
      line: record.line,
      extra: Math.max(0, record.fields.length - header.keys.length),
    }
  }
}

export const csvRowReader: RowReader<CsvRow> = {
  id: (row) => row.cells.get('Referral ID')?.trim() || undefined,
  referral: (row, base) => {
    const draft: Referral = base ? structuredClone(base) : blankReferral()
    const problems: RowProblem[] =
      row.extra > 0 ? [{ column: '', message: `the row has ${row.extra} more fields than the header` }] : []
    problems.push(...applyRow(row.cells, draft))
    return { body: base ? draft : createBody(draft), problems }
  },
  column: (target) => columnOfTarget(target) ?? target,
}
