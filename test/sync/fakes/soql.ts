// The SOQL the fake Salesforce understands: SELECT fields and one relationship subquery, FROM one
// object, WHERE comparisons joined by AND/OR with parentheses, ORDER BY, LIMIT. Enough for what the
// connector sends, parsed properly so that a malformed query fails as Salesforce's would.

export type Literal = string | number | boolean | null | { readonly dateTime: number }

export type Condition =
  | { readonly kind: 'compare'; readonly field: string; readonly op: string; readonly value: Literal }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }

export interface SoqlQuery {
  readonly fields: readonly string[]
  readonly subqueries: readonly SoqlQuery[]
  readonly from: string
  readonly where?: Condition
  readonly orderBy: readonly { readonly field: string; readonly descending: boolean }[]
  readonly limit?: number
}

export class SoqlError extends Error {}

const tokenPattern =
  /\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?|<=|>=|!=|[(),=<>])/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  tokenPattern.lastIndex = 0
  while (tokenPattern.lastIndex < text.trimEnd().length) {
    const at = tokenPattern.lastIndex
    const match = tokenPattern.exec(text)
    if (!match) throw new SoqlError(`unexpected token at column ${at + 1}: ${text.slice(at, at + 10)}`)
    tokens.push(match[1]!)
  }
  return tokens
}

export function parseSoql(text: string): SoqlQuery {
  const parser = new Parser(tokenize(text))
  const query = parser.query()
  parser.end()
  return query
}

class Parser {
  private at = 0

  constructor(private readonly tokens: string[]) {}

  query(): SoqlQuery {
    this.keyword('SELECT')
    const fields: string[] = []
    const subqueries: SoqlQuery[] = []
    do {
      if (this.peek() === '(') {
        this.next()
        subqueries.push(this.query())
        this.expect(')')
      } else fields.push(this.identifier())
    } while (this.accept(','))
    this.keyword('FROM')
    const from = this.identifier()
    const where = this.acceptKeyword('WHERE') ? this.or() : undefined
    const orderBy: { field: string; descending: boolean }[] = []
    if (this.acceptKeyword('ORDER')) {
      this.keyword('BY')
      do {
        const field = this.identifier()
        const descending = this.acceptKeyword('DESC')
        if (!descending) this.acceptKeyword('ASC')
        orderBy.push({ field, descending })
      } while (this.accept(','))
    }
    const limit = this.acceptKeyword('LIMIT') ? Number(this.next()) : undefined
    return {
      fields,
      subqueries,
      from,
      ...(where ? { where } : {}),
      orderBy,
      ...(limit === undefined ? {} : { limit }),
    }
  }

  end(): void {
    if (this.at < this.tokens.length) throw new SoqlError(`unexpected token ${this.tokens[this.at]}`)
  }

  private or(): Condition {
    let left = this.and()
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.and() }
    return left
  }

  private and(): Condition {
    let left = this.comparison()
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.comparison() }
    return left
  }

  private comparison(): Condition {
    if (this.accept('(')) {
      const inner = this.or()
      this.expect(')')
      return inner
    }
    const field = this.identifier()
    const op = this.next()
    if (!['=', '!=', '<', '>', '<=', '>='].includes(op)) throw new SoqlError(`unexpected token ${op}`)
    return { kind: 'compare', field, op, value: literal(this.next()) }
  }

  private identifier(): string {
    const token = this.next()
    if (!/^[A-Za-z_]/.test(token)) throw new SoqlError(`unexpected token ${token}`)
    return token
  }

  private keyword(word: string): void {
    if (!this.acceptKeyword(word)) throw new SoqlError(`expecting ${word}, found ${this.peek() ?? 'the end'}`)
  }

  private acceptKeyword(word: string): boolean {
    if (this.peek()?.toUpperCase() !== word) return false
    this.at++
    return true
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false
    this.at++
    return true
  }

  private expect(token: string): void {
    if (!this.accept(token)) throw new SoqlError(`expecting '${token}', found ${this.peek() ?? 'the end'}`)
  }

  private peek(): string | undefined {
    return this.tokens[this.at]
  }

  private next(): string {
    const token = this.tokens[this.at++]
    if (token === undefined) throw new SoqlError('unexpected end of query')
    return token
  }
}

function literal(token: string): Literal {
  if (token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, '$1')
  if (/^\d{4}-\d{2}-\d{2}T/.test(token)) return { dateTime: Date.parse(token) }
  if (/^-?\d/.test(token)) return Number(token)
  const word = token.toLowerCase()
  if (word === 'true' || word === 'false') return word === 'true'
  if (word === 'null') return null
  throw new SoqlError(`unexpected token ${token}`)
}

/** Whether a row satisfies a condition; `read` gives a field's value (date-times as epoch ms). */
export function satisfies(condition: Condition, read: (field: string) => unknown): boolean {
  if (condition.kind !== 'compare') {
    const left = satisfies(condition.left, read)
    return condition.kind === 'and'
      ? left && satisfies(condition.right, read)
      : left || satisfies(condition.right, read)
  }
  const value = condition.value
  const wanted = value !== null && typeof value === 'object' ? value.dateTime : value
  const held = read(condition.field) ?? null
  const order = compare(held, wanted)
  switch (condition.op) {
    case '=':
      return order === 0
    case '!=':
      return order !== 0
    case '<':
      return order < 0
    case '>':
      return order > 0
    case '<=':
      return order <= 0
    default:
      return order >= 0
  }
}

export function compare(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return (a as number | string) < (b as number | string) ? -1 : 1
}
