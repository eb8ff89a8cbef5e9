// Damage done to a database file on purpose, for the tests of what cosell does about it.
import Database from 'better-sqlite3'
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'

/**
 * Overwrites the middle third of the file's pages with a fixed garbage pattern. The header and
 * every table's and index's root page stay (SQLite reads some of them, such as the planner's
 * statistics, as it opens): what is hit is data, as damage found later by a check would be.
 */
export function garbleMiddlePages(file: string): void {
  const pageSize = readFileSync(file).readUInt16BE(16)
  const pages = Math.floor(statSync(file).size / pageSize)
  const firstDataPage = lastRootPage(file) + 1
  const garbage = Buffer.alloc(pageSize, 0)
  for (let i = 0; i < pageSize; i++) garbage[i] = (i * 151 + 89) % 256
  const fd = openSync(file, 'r+')
  try {
    for (
      let page = Math.max(firstDataPage, Math.floor(pages / 3));
      page < Math.floor((2 * pages) / 3);
      page++
    ) {
      writeSync(fd, garbage, 0, pageSize, page * pageSize)
    }
  } finally {
    closeSync(fd)
  }
}

function lastRootPage(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT max(rootpage) FROM sqlite_schema').pluck().get() as number
  } finally {
    db.close()
  }
}

/** Overwrites the first bytes of the file, where SQLite looks for its signature. */
export function garbleHeader(file: string): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.from('this is no SQLite file at all..'), 0, 31, 0)
  closeSync(fd)
}
