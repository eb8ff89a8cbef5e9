// RFC 4180 output: a field is quoted when it holds a comma, a quote, a line break or leading or
// trailing spaces, with its quotes doubled; records end with CRLF.

const needsQuotes = /[",\r\n]|^\s|\s$/

export function csvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** One record and its line break; a record of one empty field is written `""` so it is not a blank line. */
export function csvRecord(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""\r\n'
  return `${fields.map(csvField).join(',')}\r\n`
}
