// Which list requests SQLite answers from its indexes (see indexed-properties.ts), in time that
// hardly grows with the data, and which must read documents (or sort, or skip) row by row. The first run on the main thread;
// the others go to the reader threads (read-pool.ts), where a slow one holds nobody else up.
// Measured at 100,000 referrals: an indexed filter 1–25 ms; contains(name,'x') 1.6–3.9 s,
// `substatus eq 'Pending'` (a column without an index) 1.3 s, $orderby=name 1.6 s.
import type { Expr, ListPlan } from '../../query/index.js'
import { elementIndexLookup, sqlite } from '../../query/index.js'
import type { ListScope } from '../referral-store.js'
import { countryPath, indexedColumns, indexedOrders, maxCheapSkip } from '../indexed-properties.js'
import { referralTable } from './list.js'

export function answerableFromIndexes(scope: ListScope, plan: ListPlan): boolean {
  if ('engagementId' in scope) return true // an engagement holds a handful of referrals
  const first = plan.orderBy[0]?.path.join('/')
  if (first === undefined || !indexedOrders.has(first)) return false
  if (plan.cursor === undefined && plan.skip > maxCheapSkip) return false
  return plan.filter === undefined || indexed(plan.filter)
}

/** Every condition of the filter seeks an index; one that does not makes the whole filter a walk. */
function indexed(node: Expr): boolean {
  switch (node.kind) {
    case 'literal':
      return true
    case 'logical':
      return indexed(node.left) && indexed(node.right)
    case 'not':
      return indexed(node.operand)
    case 'compare':
      return indexedOperand(node.left, node.right) || indexedOperand(node.right, node.left)
    case 'in':
      return node.items.every(isLiteral) && indexedOperand(node.operand, node.items[0])
    case 'lambda':
      return elementIndexLookup(node, referralTable, false, sqlite, () => ({ sql: '?' })) !== undefined
    default:
      return false // a boolean path, a function call, arithmetic: read from every document
  }
}

function indexedOperand(path: Expr, other: Expr | undefined): boolean {
  if (path.kind !== 'path' || path.variable !== undefined) return false
  if (other !== undefined && !isLiteral(other)) return false
  const name = path.segments.join('/')
  const isNull = other?.kind === 'literal' && other.literal === 'null' // `IS NULL` on the bare path
  return indexedColumns.has(name) || (name === countryPath && !isNull)
}

function isLiteral(node: Expr): boolean {
  return node.kind === 'literal'
}
