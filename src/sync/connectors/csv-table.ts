// A CSV file as the CSV connector holds it: the header's columns and each row's cells, read with
// the project's RFC 4180 reader and written back with its writer. Column order is kept, a new
// column goes at the end, and a byte order mark (a spreadsheet's UTF-8 export) is kept too.
import { CsvError, CsvParser } from '../../bulk/csv-parser.js'
import { csvRecord } from '../../bulk/csv-writer.js'
import { CrmRefusedError } from './connector.js'

export interface CsvTable {
  readonly columns: string[]
  /** Each row's cells, one per column (short rows padded with empty cells). */
  readonly rows: string[][]
  readonly bom: boolean
}

/** The table in `text`; a file that is not a table is refused, naming the line and the fault. */
export function parseCsvTable(text: string, where: string): CsvTable {
  const parser = new CsvParser()
  let records
  try {
    records = [...parser.push(text), ...parser.end()]
  } catch (error) {
    if (error instanceof CsvError) throw new CrmRefusedError(`${where}: ${error.message}`)
    throw error
  }
  const [header, ...body] = records
  const columns = header ? header.fields : []
  checkHeader(columns, where)
  const rows = body.map(({ fields, line }) => {
    if (fields.length > columns.length) {
      throw new CrmRefusedError(
        `${where}: line ${line}: ${fields.length} cells, but the header names ${columns.length} columns`,
      )
    }
    return [...fields, ...new Array<string>(columns.length - fields.length).fill('')]
  })
  return { columns, rows, bom: text.charCodeAt(0) === 0xfeff }
}

function checkHeader(columns: readonly string[], where: string): void {
  const blank = columns.findIndex((c) => c.trim() === '')
  if (blank >= 0) throw new CrmRefusedError(`${where}: line 1: column ${blank + 1} of the header has no name`)
  const twice = columns.find((c, i) => columns.indexOf(c) !== i)
  if (twice !== undefined)
    throw new CrmRefusedError(`${where}: line 1: the header names column ${twice} twice`)
}

export function formatCsvTable(table: CsvTable): string {
  const lines = [table.columns, ...table.rows].map(csvRecord).join('')
  return table.bom ? `\ufeff${lines}` : lines
}

/** The column's index, the column added at the end (every row's cell empty) when it is new. */
export function columnIndex(table: CsvTable, column: string): number {
  const at = table.columns.indexOf(column)
  if (at >= 0) return at
  table.columns.push(column)
  for (const row of table.rows) row.push('')
  return table.columns.length - 1
}
