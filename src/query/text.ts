// String semantics shared by the checker, the evaluator and the SQL dialects. They follow what
// SQLite's built-ins do, so the evaluator (the oracle) and both databases agree on every row:
// case folding is ASCII-only (SQLite's lower()), lengths and positions count code points, and
// text order is code-point order (SQLite BINARY, PostgreSQL COLLATE "C").

export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

export function upperCase(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase())
}

/** SQLite trim() and PostgreSQL btrim() strip spaces only, not every kind of whitespace. */
export function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '')
}

export function codePoints(text: string): string[] {
  return Array.from(text)
}

export function compareText(a: string, b: string): number {
  const left = codePoints(a)
  const right = codePoints(b)
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0)
    if (difference !== 0) return difference < 0 ? -1 : 1
  }
  return Math.sign(left.length - right.length)
}

/** Zero-based position of `part` in `text` in code points, -1 when absent (OData indexof). */
export function indexOfText(text: string, part: string): number {
  const at = text.indexOf(part)
  return at < 0 ? -1 : codePoints(text.slice(0, at)).length
}

/** SQL substr(text, start, length) with a 1-based start that is at least 1, in code points. */
export function substringText(text: string, start: number, length?: number): string {
  const chars = codePoints(text).slice(start - 1)
  return (length === undefined ? chars : chars.slice(0, length)).join('')
}
