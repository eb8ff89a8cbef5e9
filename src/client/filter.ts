// A typed `$filter` builder: property paths and their value types come from the server's own
// catalogue of filterable fields (by `import type`), and every literal is written as the server's
// lexer reads it, so a built filter is always well-formed: strings quoted with `'` doubled, GUIDs
// bare (as links.relatedReferrals sends them), date-times in UTC ISO form, numbers finite.
import type { referralFields } from '../domain/referral/field-catalogue.js'

/** The filterable fields of a referral, as the server's catalogue declares them. */
export type ReferralFields = typeof referralFields

/** `[path, field]` for every path a filter may name: scalars reached through objects, and collections. */
type Entries<Fs, Prefix extends string = ''> = {
  [K in keyof Fs & string]: Fs[K] extends { readonly kind: 'object'; readonly fields: infer Sub }
    ? Entries<Sub, `${Prefix}${K}/`>
    : [`${Prefix}${K}`, Fs[K]]
}[keyof Fs & string]

type FieldAt<Fs, P> = Extract<Entries<Fs>, [P, unknown]>[1]
type PathWhere<Fs, Shape> = Extract<Entries<Fs>, [string, Shape]>[0]

/** A path to a single value (not a collection). */
export type ScalarPath<Fs = ReferralFields> = PathWhere<Fs, { readonly kind: 'scalar' }>
/** A path to a collection, for `any` and `all`. */
export type CollectionPath<Fs = ReferralFields> = PathWhere<Fs, { readonly kind: 'array' }>
/** Paths whose values have an order: numbers, date-times and strings. */
export type OrderedPath<Fs = ReferralFields> = PathWhere<
  Fs,
  { readonly type: 'number' | 'datetime' | 'string' }
>
/** Paths holding free text, for `contains`, `startswith` and `endswith`. */
export type TextPath<Fs = ReferralFields> = PathWhere<Fs, { readonly type: 'string' }>
type GuidPath = PathWhere<ReferralFields, { readonly type: 'guid' }>

/** The JavaScript value a field compares with: its enum's names, a number, a boolean, a Date or a string. */
export type ValueOf<F> = F extends { readonly type: 'enum'; readonly enumValues: readonly (infer E)[] }
  ? E
  : F extends { readonly type: 'number' }
    ? number
    : F extends { readonly type: 'boolean' }
      ? boolean
      : F extends { readonly type: 'datetime' }
        ? Date
        : string

type Value<Fs, P> = ValueOf<FieldAt<Fs, P>>
/** The fields seen through a lambda variable: an element's members, or `$this` for a scalar element. */
type ElementFields<F> = F extends { readonly kind: 'array'; readonly element: infer E }
  ? E extends { readonly kind: 'object'; readonly fields: infer Sub }
    ? Sub
    : { readonly $this: E }
  : never

export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'

/** A built `$filter`: pass it as `$filter`, or read its text with `toString()`. */
export class Filter {
  /** @param binding how tightly the text holds together: `or` loosest, `atom` a comparison or call. */
  constructor(
    readonly text: string,
    readonly binding: 'or' | 'and' | 'not' | 'atom',
  ) {}

  toString(): string {
    return this.text
  }
}

// The GUID-typed paths, bare in the text. `satisfies` and the check below keep the list equal to
// the catalogue's: a GUID field added there fails to compile here until it is listed.
const guidPaths = ['id', 'engagementId', 'organizationId'] as const satisfies readonly GuidPath[]
const everyGuidListed: Exclude<GuidPath, (typeof guidPaths)[number]> extends never ? true : false = true
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Builds filters over the fields `Fs`. `filter` is the one over a referral; inside `any`/`all` the
 * callback receives one over the collection's element, its paths read through the lambda variable.
 */
export class FilterBuilder<Fs> {
  constructor(
    private readonly variable: string | undefined,
    private readonly guids: ReadonlySet<string>,
    private readonly depth = 0,
  ) {}

  eq<P extends ScalarPath<Fs>>(path: P, value: Value<Fs, P> | null): Filter {
    return this.compare('eq', path, value)
  }
  ne<P extends ScalarPath<Fs>>(path: P, value: Value<Fs, P> | null): Filter {
    return this.compare('ne', path, value)
  }
  gt<P extends OrderedPath<Fs>>(path: P, value: Value<Fs, P>): Filter {
    return this.compare('gt', path, value)
  }
  ge<P extends OrderedPath<Fs>>(path: P, value: Value<Fs, P>): Filter {
    return this.compare('ge', path, value)
  }
  lt<P extends OrderedPath<Fs>>(path: P, value: Value<Fs, P>): Filter {
    return this.compare('lt', path, value)
  }
  le<P extends OrderedPath<Fs>>(path: P, value: Value<Fs, P>): Filter {
    return this.compare('le', path, value)
  }

  /** `path in (v1, v2, …)`: at least one value. */
  in<P extends ScalarPath<Fs>>(path: P, values: readonly [Value<Fs, P>, ...Value<Fs, P>[]]): Filter {
    if (values.length === 0) throw new TypeError('in() needs at least one value')
    const items = values.map((value) => this.literal(path, value)).join(', ')
    return new Filter(`${this.path(path)} in (${items})`, 'atom')
  }

  /** The text contains `value` (the server ignores case). */
  contains(path: TextPath<Fs>, value: string): Filter {
    return this.call('contains', path, value)
  }
  startswith(path: TextPath<Fs>, value: string): Filter {
    return this.call('startswith', path, value)
  }
  endswith(path: TextPath<Fs>, value: string): Filter {
    return this.call('endswith', path, value)
  }

  /** Some element of the collection matches `predicate` (without one: the collection is not empty). */
  any<P extends CollectionPath<Fs>>(
    path: P,
    predicate?: (element: FilterBuilder<ElementFields<FieldAt<Fs, P>>>) => Filter,
  ): Filter {
    return this.lambda('any', path, predicate)
  }

  /** Every element of the collection matches `predicate`. */
  all<P extends CollectionPath<Fs>>(
    path: P,
    predicate: (element: FilterBuilder<ElementFields<FieldAt<Fs, P>>>) => Filter,
  ): Filter {
    return this.lambda('all', path, predicate)
  }

  and(first: Filter, ...rest: Filter[]): Filter {
    return join('and', [first, ...rest])
  }

  or(first: Filter, ...rest: Filter[]): Filter {
    return join('or', [first, ...rest])
  }

  not(operand: Filter): Filter {
    return new Filter(`not ${operand.binding === 'atom' ? operand.text : `(${operand.text})`}`, 'not')
  }

  private compare(op: CompareOperator, path: string, value: unknown): Filter {
    return new Filter(`${this.path(path)} ${op} ${this.literal(path, value)}`, 'atom')
  }

  private call(name: string, path: string, value: string): Filter {
    return new Filter(`${name}(${this.path(path)}, ${quote(value)})`, 'atom')
  }

  private lambda<E>(
    op: 'any' | 'all',
    path: string,
    predicate?: (element: FilterBuilder<E>) => Filter,
  ): Filter {
    if (!predicate) return new Filter(`${this.path(path)}/${op}()`, 'atom')
    const variable = `x${this.depth}`
    const body = predicate(new FilterBuilder<E>(variable, new Set(), this.depth + 1))
    return new Filter(`${this.path(path)}/${op}(${variable}: ${body.text})`, 'atom')
  }

  private path(path: string): string {
    if (this.variable === undefined) return path
    return path === '$this' ? this.variable : `${this.variable}/${path}`
  }

  private literal(path: string, value: unknown): string {
    if (value === null) return 'null'
    if (typeof value === 'boolean') return String(value)
    if (typeof value === 'number') return number(value)
    if (value instanceof Date) return dateTime(value)
    if (typeof value !== 'string') throw new TypeError(`cannot compare ${path} with ${typeof value}`)
    if (!this.guids.has(path)) return quote(value)
    if (!guidPattern.test(value)) throw new TypeError(`${path} is a GUID; '${value}' is not one`)
    return value
  }
}

/** The builder over a referral's fields: `filter.and(filter.eq('status', 'Active'), …)`. */
export const filter: FilterBuilder<ReferralFields> = new FilterBuilder<ReferralFields>(
  undefined,
  new Set<string>(everyGuidListed ? guidPaths : []),
)

// The server reads `a and b and c` as `(a and b) and c`: a later operand joined by the same word,
// or an `or` inside an `and`, is parenthesised so the text parses to exactly the tree built.
function join(op: 'and' | 'or', operands: readonly Filter[]): Filter {
  if (operands.length === 1) return operands[0]!
  const wrap = (f: Filter, i: number) => (op === 'and' && f.binding === 'or') || (i > 0 && f.binding === op)
  return new Filter(operands.map((f, i) => (wrap(f, i) ? `(${f.text})` : f.text)).join(` ${op} `), op)
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function number(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} is not a number $filter can hold`)
  return String(value)
}

function dateTime(value: Date): string {
  const year = value.getUTCFullYear()
  if (Number.isNaN(value.getTime()) || year < 0 || year > 9999) {
    throw new TypeError(`${String(value)} is not a date-time $filter can hold`)
  }
  return value.toISOString()
}
