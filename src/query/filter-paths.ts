// The stored fields a filter reads: what a change must touch to move a referral into or out of its
// matches. A lambda reads its whole collection; paths from its variable are inside that.
import { unreachable, type Expr } from './ast.js'

/** Each field the filter reads, as its path's segments from the document's root. */
export function filterPaths(filter: Expr | undefined): string[][] {
  const found: string[][] = []
  if (filter) collect(filter, found)
  return found
}

function collect(node: Expr, found: string[][]): void {
  switch (node.kind) {
    case 'literal':
      return
    case 'path':
      if (node.variable === undefined) found.push([...node.segments])
      return
    case 'lambda':
      collect(node.collection, found)
      if (node.predicate) collect(node.predicate, found)
      return
    case 'compare':
    case 'logical':
    case 'arithmetic':
      collect(node.left, found)
      collect(node.right, found)
      return
    case 'not':
    case 'negate':
      collect(node.operand, found)
      return
    case 'in':
      collect(node.operand, found)
      for (const item of node.items) collect(item, found)
      return
    case 'call':
      for (const arg of node.args) collect(arg, found)
      return
    default:
      unreachable(node)
  }
}
