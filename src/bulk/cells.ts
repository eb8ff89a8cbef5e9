// Cell values of the co-sell CSV: how text, numbers, dates and Yes/No read and write.

/** The cells of one row by canonical header; a column the file lacks is absent. */
export type Cells = ReadonlyMap<string, string>

/** A cell that cannot be read: its message names the rule and the allowed values. */
export class CellProblem extends Error {}

export function textOrNull(cell: string): string | null {
  const text = cell.trim()
  return text === '' ? null : text
}

export function cellOf(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value)
}

export function numberOrNull(cell: string): number | null {
  const text = cell.trim()
  if (text === '') return null
  const value = Number(text)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value))
    throw new CellProblem(`'${text}' is not a number (write digits with a dot for decimals, e.g. 12563.50)`)
  return value
}

/** Yes/No (true/false also read); an empty cell is undefined. */
export function yesNo(cell: string): boolean | undefined {
  const text = cell.trim().toLowerCase()
  if (text === '') return undefined
  if (text === 'yes' || text === 'true') return true
  if (text === 'no' || text === 'false') return false
  throw new CellProblem(`'${cell.trim()}' is not Yes or No`)
}

export function yesNoCell(value: boolean | null | undefined): string {
  return value === true ? 'Yes' : value === false ? 'No' : ''
}

const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const isoDate = /^\d{4}-\d{2}-\d{2}([T ].*)?$/

/** MM/DD/YYYY in UTC, as the layout writes dates; an ISO 8601 date-time is read too. */
export function dateOrNull(cell: string): string | null {
  const text = cell.trim()
  if (text === '') return null
  const us = usDate.exec(text)
  if (us) {
    const [, month, day, year] = us
    const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
    const date = new Date(`${iso}T00:00:00Z`)
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso) return `${iso}T00:00:00Z`
  } else if (isoDate.test(text) && !Number.isNaN(new Date(text).getTime())) return text
  throw new CellProblem(`'${text}' is not a date in the form MM/DD/YYYY (e.g. 01/30/2026)`)
}

/** A date at midnight UTC as MM/DD/YYYY; any other time as the API gave it, so nothing is lost. */
export function dateCell(value: string | null): string {
  if (value === null) return ''
  const midnight = /^(\d{4})-(\d{2})-(\d{2})T00:00:00(\.0+)?Z$/.exec(value)
  return midnight ? `${midnight[2]}/${midnight[3]}/${midnight[1]}` : value
}

type Four = [string | null, string | null, string | null, string | null]

/** The four "a, b, c, d" parts of a Solution or Team member cell, empty parts as null. */
export function fourParts(cell: string, what: string): Four {
  const list = cell.split(',').map(textOrNull)
  if (list.length > 4) throw new CellProblem(`a ${what} has at most 4 comma-separated parts`)
  return [list[0] ?? null, list[1] ?? null, list[2] ?? null, list[3] ?? null]
}

export function partsCell(values: readonly (string | number | null)[]): string {
  const cells = values.map(cellOf)
  while (cells.length > 1 && cells.at(-1) === '') cells.pop()
  return cells.join(', ')
}
