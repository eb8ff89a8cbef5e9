// A mistake in one query option, phrased for the client: the HTTP layer answers 400 invalidRequest
// with `target` = option and this message, so messages carry the offset, the token found and what
// was expected (`$filter: expected ')' at offset 27, found 'and'`).
export type QueryProblem = {
  readonly option: string
  readonly message: string
  readonly offset?: number
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly QueryProblem[] }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail<T = never>(problems: readonly QueryProblem[]): Result<T> {
  return { ok: false, problems }
}

/** `message` reads after "<option>: " and names the offset itself when it has one. */
export function problem(option: string, message: string, offset?: number): QueryProblem {
  return offset === undefined
    ? { option, message: `${option}: ${message}` }
    : { option, message: `${option}: ${message}`, offset }
}

/** Quotes a token or value for a message: `'and'`, or "end of input" when there is none. */
export function quote(text: string | undefined): string {
  if (text === undefined) return 'end of input'
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`
}
