// An incremental RFC 4180 reader: text goes in a chunk at a time, whole records come out, so a
// file of any length is read in the memory of one record. Tolerated beyond the RFC: a byte order
// mark before the first record, LF or lone CR line ends, a quote inside an unquoted field, text
// after a closing quote. Blank lines are skipped (a record of one empty field is written `""`).

/** A record that cannot be read: an unterminated quoted field, or one longer than the limit. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

export interface CsvRecord {
  readonly fields: string[]
  /** The line the record starts on, from 1. */
  readonly line: number
}

/** A record larger than this is refused rather than held in memory. */
export const maxRecordChars = 1 << 20

const special = /[,\r\n"]/g

export class CsvParser {
  private fields: string[] = []
  private field = ''
  private quoted = false // inside a quoted field
  private quoteSeen = false // a quote inside a quoted field: an escaped quote or the closing one
  private fieldStarted = false // the current field has a character or an opening quote
  private afterCr = false
  private size = 0
  private line = 1
  private recordLine = 1
  private first = true

  /** The records `chunk` completes; a partial record waits for the next chunk. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = []
    let text = chunk
    if (this.first && text.length > 0) {
      this.first = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    let i = 0
    while (i < text.length) {
      if (this.afterCr) {
        this.afterCr = false
        if (text[i] === '\n') {
          i++
          continue
        }
      }
      i = this.quoted ? this.scanQuoted(text, i) : this.scanPlain(text, i, out)
    }
    return out
  }

  /** The last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = []
    if (this.quoted && !this.quoteSeen) throw new CsvError('a quoted field is not closed', this.recordLine)
    if (this.fieldStarted || this.fields.length > 0) this.endRecord(out)
    return out
  }

  // Whole runs of ordinary characters are sliced at once: a character at a time is ten times slower.
  private scanPlain(text: string, from: number, out: CsvRecord[]): number {
    special.lastIndex = from
    const match = special.exec(text)
    const at = match ? match.index : text.length
    if (at > from) {
      this.append(text.slice(from, at))
      this.fieldStarted = true
    }
    if (!match) return at
    switch (text[at]) {
      case ',':
        this.endField()
        break
      case '"':
        if (this.fieldStarted) this.append('"')
        else this.quoted = this.fieldStarted = true
        break
      default: // a line break
        this.afterCr = text[at] === '\r'
        this.line++
        if (this.fieldStarted || this.fields.length > 0) this.endRecord(out)
        else this.startRecord()
    }
    return at + 1
  }

  private scanQuoted(text: string, from: number): number {
    if (this.quoteSeen) {
      this.quoteSeen = false
      if (text[from] === '"') {
        this.append('"')
        return from + 1
      }
      this.quoted = false // the closing quote; what follows is read unquoted
      return from
    }
    const quote = text.indexOf('"', from)
    const at = quote < 0 ? text.length : quote
    const run = text.slice(from, at)
    this.append(run)
    for (let n = run.indexOf('\n'); n >= 0; n = run.indexOf('\n', n + 1)) this.line++
    if (quote < 0) return at
    this.quoteSeen = true
    return at + 1
  }

  private append(text: string): void {
    this.size += text.length
    if (this.size > maxRecordChars)
      throw new CsvError(`a record is longer than ${maxRecordChars} characters`, this.recordLine)
    this.field += text
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ''
    this.fieldStarted = false
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field)
    out.push({ fields: this.fields, line: this.recordLine })
    this.startRecord()
  }

  private startRecord(): void {
    this.fields = []
    this.field = ''
    this.quoted = false
    this.quoteSeen = false
    this.fieldStarted = false
    this.size = 0
    this.recordLine = this.line
  }
}

/** Every record of a text arriving in chunks (a file stream read as UTF-8, say). */
export async function* readCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser()
  for await (const chunk of chunks) yield* parser.push(chunk)
  yield* parser.end()
}
