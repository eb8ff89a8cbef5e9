// The $filter syntax tree: data-only nodes, a union on `kind`. The parser fills `offset`; the
// checker returns a copy whose paths are bound (catalogue spelling, lambda variable split off),
// whose literals are canonical, and whose value nodes carry their static `type`.

export type ValueType = 'string' | 'enum' | 'guid' | 'number' | 'boolean' | 'datetime' | 'date' | 'null'

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'mod'
export type LambdaOp = 'any' | 'all'
export type FunctionName =
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'tolower'
  | 'toupper'
  | 'trim'
  | 'length'
  | 'indexof'
  | 'substring'
  | 'concat'
  | 'year'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'date'
  | 'now'

type Base = { readonly offset: number; readonly type?: ValueType }

export type Literal = Base &
  (
    | {
        readonly kind: 'literal'
        readonly literal: 'string' | 'guid' | 'datetime' | 'date'
        readonly value: string
      }
    | { readonly kind: 'literal'; readonly literal: 'number'; readonly value: number }
    | { readonly kind: 'literal'; readonly literal: 'boolean'; readonly value: boolean }
    | { readonly kind: 'literal'; readonly literal: 'null'; readonly value: null }
  )

/** `variable` is set by the checker when the path starts at a lambda variable. */
export type PathNode = Base & {
  readonly kind: 'path'
  readonly segments: readonly string[]
  readonly variable?: string
}

export type LambdaNode = Base & {
  readonly kind: 'lambda'
  readonly op: LambdaOp
  readonly collection: PathNode
  readonly variable?: string
  readonly predicate?: Expr
}

export type CompareNode = Base & {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: Expr
  readonly right: Expr
}
export type LogicalNode = Base & {
  readonly kind: 'logical'
  readonly op: 'and' | 'or'
  readonly left: Expr
  readonly right: Expr
}
export type NotNode = Base & { readonly kind: 'not'; readonly operand: Expr }
export type NegateNode = Base & { readonly kind: 'negate'; readonly operand: Expr }
export type ArithmeticNode = Base & {
  readonly kind: 'arithmetic'
  readonly op: ArithmeticOp
  readonly left: Expr
  readonly right: Expr
}
export type InNode = Base & {
  readonly kind: 'in'
  readonly operand: Expr
  readonly items: readonly Literal[]
}
export type CallNode = Base & {
  readonly kind: 'call'
  readonly name: FunctionName
  readonly args: readonly Expr[]
}

export type Expr =
  | Literal
  | PathNode
  | LambdaNode
  | CompareNode
  | LogicalNode
  | NotNode
  | NegateNode
  | ArithmeticNode
  | InNode
  | CallNode

/** Nodes whose value is a truth value computed by the query itself (not a stored boolean). */
export function isPredicate(node: Expr): boolean {
  switch (node.kind) {
    case 'compare':
    case 'logical':
    case 'not':
    case 'in':
    case 'lambda':
      return true
    case 'call':
      return node.name === 'contains' || node.name === 'startswith' || node.name === 'endswith'
    case 'literal':
    case 'path':
    case 'negate':
    case 'arithmetic':
      return false
    default:
      return unreachable(node)
  }
}

export function unreachable(node: never): never {
  throw new Error(`unhandled node ${JSON.stringify(node)}`)
}

export function printLiteral(node: Literal): string {
  switch (node.literal) {
    case 'string':
      return `'${node.value.replaceAll("'", "''")}'`
    case 'null':
      return 'null'
    default:
      return String(node.value)
  }
}

/** A compact S-expression for tests and fingerprints: `(and (eq (path status) 'New') …)`. */
export function printAst(node: Expr): string {
  switch (node.kind) {
    case 'literal':
      return printLiteral(node)
    case 'path':
      return `(path ${[...(node.variable === undefined ? [] : [node.variable]), ...node.segments].join('/')})`
    case 'lambda': {
      const body = node.predicate === undefined ? '' : ` ${node.variable ?? ''} ${printAst(node.predicate)}`
      return `(${node.op} ${printAst(node.collection)}${body})`
    }
    case 'compare':
    case 'logical':
    case 'arithmetic':
      return `(${node.op} ${printAst(node.left)} ${printAst(node.right)})`
    case 'not':
      return `(not ${printAst(node.operand)})`
    case 'negate':
      return `(- ${printAst(node.operand)})`
    case 'in':
      return `(in ${printAst(node.operand)} (${node.items.map(printLiteral).join(' ')}))`
    case 'call':
      return `(${[node.name, ...node.args.map(printAst)].join(' ')})`
    default:
      return unreachable(node)
  }
}
