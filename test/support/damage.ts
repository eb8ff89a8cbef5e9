// Damage done to a database file on purpose, for the tests of what cosell does about it.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'

/** Overwrites the middle third of the file's pages with a fixed garbage pattern; page 1 (the header) stays. */
export function garbleMiddlePages(file: string): void {
  const pageSize = readFileSync(file).readUInt16BE(16)
  const pages = Math.floor(statSync(file).size / pageSize)
  const garbage = Buffer.alloc(pageSize, 0)
  for (let i = 0; i < pageSize; i++) garbage[i] = (i * 151 + 89) % 256
  const fd = openSync(file, 'r+')
  try {
    for (let page = Math.max(1, Math.floor(pages / 3)); page < Math.floor((2 * pages) / 3); page++) {
      writeSync(fd, garbage, 0, pageSize, page * pageSize)
    }
  } finally {
    closeSync(fd)
  }
}

/** Overwrites the first bytes of the file, where SQLite looks for its signature. */
export function garbleHeader(file: string): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.from('this is no SQLite file at all..'), 0, 31, 0)
  closeSync(fd)
}
