// What the CSV connector remembers of a file between reads, in a small JSON file beside it: each
// row's content hash (its version), when that hash last changed, and a change number drawn from a
// counter, as the SQL connector's trigger draws row versions. Rows whose hash differs from the
// remembered one, whoever edited them, get the next numbers; the cursor is the highest number
// read, so it stays one number however large the file, and `changes` returns exactly the rows
// changed since. The log's epoch, a random id, goes into each cursor: a log deleted and begun
// afresh numbers from 1 again, and a cursor of the old epoch then reads every row.
import { createHash, randomUUID } from 'node:crypto'

export interface RowEntry {
  readonly version: string
  readonly change: number
  readonly modifiedAt: string
}

interface RowLogState {
  readonly epoch: string
  last: number
  rows: Record<string, RowEntry>
}

export interface RowContent {
  readonly id: string
  readonly version: string
}

/** A short hash of a row's non-empty cells by column name: the same whatever the column order, and unchanged by a new empty column. */
export function rowVersion(columns: readonly string[], cells: readonly string[]): string {
  const pairs = columns.map((c, i) => [c, cells[i] ?? ''] as const).filter(([, v]) => v !== '')
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha256').update(JSON.stringify(pairs)).digest('base64url').slice(0, 16)
}

export class CsvRowLog {
  private constructor(private readonly state: RowLogState) {}

  /** The log in `text`, or a new one when there is none or it cannot be read. */
  static parse(text: string | undefined): CsvRowLog {
    try {
      const state = JSON.parse(text ?? '') as RowLogState
      if (
        typeof state.epoch === 'string' &&
        Number.isSafeInteger(state.last) &&
        typeof state.rows === 'object'
      ) {
        return new CsvRowLog(state)
      }
    } catch {
      // a new log below
    }
    return new CsvRowLog({ epoch: randomUUID(), last: 0, rows: {} })
  }

  /**
   * Numbers the rows whose content is new or changed, stamping them `modifiedAt`, and forgets
   * rows no longer in the file. True when anything changed.
   */
  reconcile(rows: readonly RowContent[], modifiedAt: string): boolean {
    let changed = false
    const kept: Record<string, RowEntry> = {}
    for (const { id, version } of rows) {
      const known = this.state.rows[id]
      if (known?.version === version) kept[id] = known
      else {
        kept[id] = { version, change: ++this.state.last, modifiedAt }
        changed = true
      }
    }
    changed ||= Object.keys(this.state.rows).some((id) => !(id in kept))
    this.state.rows = kept
    return changed
  }

  entry(id: string): RowEntry | undefined {
    return this.state.rows[id]
  }

  cursor(change: number): string {
    return `${this.state.epoch}.${change}`
  }

  /** The change number a cursor stands at: 0 for none, or for a cursor of another epoch. */
  changeOf(cursor: string | undefined): number {
    const prefix = `${this.state.epoch}.`
    if (cursor === undefined || !cursor.startsWith(prefix)) return 0
    const change = Number(cursor.slice(prefix.length))
    return Number.isSafeInteger(change) ? change : 0
  }

  toJSON(): RowLogState {
    return this.state
  }
}
