// A CSV file as a CrmConnector: the header names the fields, each row is a record, and the id
// column keys them. Every call reads the file afresh, so edits made in a spreadsheet between
// calls are seen at once; the row log beside it (csv-row-log.ts) turns changed rows into a
// change feed. Writes replace the file whole, and only when it still holds what was read: a
// file saved by someone else in between is read again and the write tried again.
import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  CrmUnavailableError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
  type CrmValue,
} from './connector.js'
import { CsvRowLog, rowVersion } from './csv-row-log.js'
import { columnIndex, formatCsvTable, parseCsvTable, type CsvTable } from './csv-table.js'
import { replaceFile } from './replace-file.js'

/** The file as one call read it, its log brought up to date. */
interface Snapshot {
  readonly text: string
  readonly table: CsvTable
  readonly log: CsvRowLog
}

/** The file changed between reading it and replacing it. */
class FileMoved extends Error {}

const attempts = 3

const cellText = (value: CrmValue): string => (value === null ? '' : String(value))

export class CsvConnector implements CrmConnector {
  readonly label: string
  readonly writable = true
  private readonly logPath: string
  private turn: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly path: string,
    private readonly idColumn: string,
  ) {
    this.label = `csv ${basename(path)}`
    this.logPath = join(dirname(path), `.${basename(path)}.cosell-sync.json`)
  }

  changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    return this.exclusive(async () => {
      const s = await this.snapshot()
      const from = s.log.changeOf(cursor)
      const changed = this.records(s)
        .map((record) => ({ record, change: s.log.entry(record.id)!.change }))
        .filter(({ change }) => change > from)
        .sort((a, b) => a.change - b.change)
      const page = changed.slice(0, limit)
      return {
        records: page.map(({ record }) => record),
        cursor: s.log.cursor(page.at(-1)?.change ?? from),
        caughtUp: changed.length <= limit,
      }
    })
  }

  get(id: string): Promise<CrmRecord | undefined> {
    return this.exclusive(async () => this.records(await this.snapshot()).find((r) => r.id === id))
  }

  findBy(field: string, value: string): Promise<CrmRecord[]> {
    return this.exclusive(async () =>
      this.records(await this.snapshot()).filter((r) => r.fields[field] === value),
    )
  }

  create(fields: CrmFields): Promise<CrmRecord> {
    return this.writing((s) => {
      const given = fields[this.idColumn]
      const id = given === undefined || given === null || given === '' ? randomUUID() : String(given)
      if (this.rowIndex(s.table, id) >= 0)
        throw new CrmRefusedError(`${this.label}: a row with id ${id} exists`)
      const row = new Array<string>(s.table.columns.length).fill('')
      s.table.rows.push(row)
      this.write(s.table, s.table.rows.length - 1, { ...fields, [this.idColumn]: id })
      return id
    })
  }

  update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    return this.writing((s) => {
      const at = this.rowIndex(s.table, id)
      if (at < 0) throw new CrmNotFoundError(id)
      if (ifVersion !== undefined && ifVersion !== s.log.entry(id)?.version) throw new CrmConflictError(id)
      const newId = fields[this.idColumn]
      if (newId !== undefined && cellText(newId) !== id) {
        throw new CrmRefusedError(`${this.label}: the id column ${this.idColumn} cannot be changed`)
      }
      this.write(s.table, at, fields)
      return id
    })
  }

  close(): Promise<void> {
    return this.turn.then(() => undefined)
  }

  /** One call at a time: each reads, and may write, the whole file. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work)
    this.turn = result.catch(() => undefined)
    return result
  }

  /** `change` edits the snapshot's table and names the row it wrote; the file is replaced, the row read back. */
  private writing(change: (s: Snapshot) => string): Promise<CrmRecord> {
    return this.exclusive(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const s = await this.snapshot()
          const before = formatCsvTable(s.table)
          const id = change(s)
          const after = await this.replace(s, before)
          return this.records(after).find((r) => r.id === id)!
        } catch (error) {
          if (!(error instanceof FileMoved)) throw error
          if (attempt === attempts)
            throw new CrmUnavailableError(`${this.label}: the file kept changing while being written`)
        }
      }
    })
  }

  private write(table: CsvTable, at: number, fields: CrmFields): void {
    for (const [field, value] of Object.entries(fields))
      table.rows[at]![columnIndex(table, field)] = cellText(value)
  }

  /**
   * The file read and checked, every row with an id of its own (a row added by hand without
   * one, or copied with another row's, is given a UUID and the file written back), and the log
   * up to date.
   */
  private async snapshot(): Promise<Snapshot> {
    for (let attempt = 1; ; attempt++) {
      try {
        const text = await this.readText(this.path)
        const s = { text, table: parseCsvTable(text, this.label), log: CsvRowLog.parse(await this.readLog()) }
        const before = formatCsvTable(s.table)
        this.giveIds(s.table)
        return await this.replace(s, before)
      } catch (error) {
        if (!(error instanceof FileMoved)) throw error
        if (attempt === attempts)
          throw new CrmUnavailableError(`${this.label}: the file kept changing while being read`)
      }
    }
  }

  private giveIds(table: CsvTable): void {
    if (table.rows.length === 0) return
    const at = columnIndex(table, this.idColumn)
    const seen = new Set<string>()
    for (const row of table.rows) {
      if (row[at] === '' || seen.has(row[at]!)) row[at] = randomUUID()
      seen.add(row[at]!)
    }
  }

  /** Writes the snapshot's table over the file, if the file still holds what was read; then notes the rows. */
  private async replace(s: Snapshot, unchanged: string): Promise<Snapshot> {
    const text = formatCsvTable(s.table)
    if (text === unchanged) return this.noted(s, await this.modified())
    if ((await this.readText(this.path)) !== s.text) throw new FileMoved()
    await this.fs(() => replaceFile(this.path, text), 'writing')
    return this.noted({ ...s, text }, await this.modified())
  }

  /** The log, told of the rows as they are now; saved when that changed it. */
  private async noted(s: Snapshot, modifiedAt: string): Promise<Snapshot> {
    const at = s.table.columns.indexOf(this.idColumn)
    const rows = s.table.rows.map((cells) => ({
      id: cells[at]!,
      version: rowVersion(s.table.columns, cells),
    }))
    if (s.log.reconcile(rows, modifiedAt)) {
      await this.fs(() => replaceFile(this.logPath, JSON.stringify(s.log)), 'writing its row log')
    }
    return s
  }

  private records(s: Snapshot): CrmRecord[] {
    const at = s.table.columns.indexOf(this.idColumn)
    return s.table.rows.map((cells) => {
      const entry = s.log.entry(cells[at]!)!
      const fields = Object.fromEntries(
        s.table.columns.map((c, i) => [c, cells[i] === '' ? null : cells[i]!]),
      )
      return { id: cells[at]!, version: entry.version, modifiedAt: entry.modifiedAt, fields }
    })
  }

  private rowIndex(table: CsvTable, id: string): number {
    const at = table.columns.indexOf(this.idColumn)
    return at < 0 ? -1 : table.rows.findIndex((cells) => cells[at] === id)
  }

  private async modified(): Promise<string> {
    return (await this.fs(() => stat(this.path), 'reading')).mtime.toISOString()
  }

  private readText(path: string): Promise<string> {
    return this.fs(() => readFile(path, 'utf8'), 'reading')
  }

  private async readLog(): Promise<string | undefined> {
    try {
      return await readFile(this.logPath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw this.translate(error, 'reading its row log')
    }
  }

  private async fs<T>(work: () => Promise<T>, doing: string): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw this.translate(error, doing)
    }
  }

  // A missing file or a permission is for a person to fix; anything else (a busy or full disk) may pass.
  private translate(error: unknown, doing: string): Error {
    const code = (error as NodeJS.ErrnoException).code
    const message = `${this.label}: ${doing} ${this.path}: ${(error as Error).message}`
    return code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR'
      ? new CrmRefusedError(message)
      : new CrmUnavailableError(message)
  }
}
