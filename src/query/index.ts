// The OData query engine as one unit: parse and check the options of a list request, compile them
// for a SQL dialect, page with signed keyset tokens, and evaluate in memory as the oracle.
export type {
  ArithmeticOp,
  CompareOp,
  Expr,
  FunctionName,
  LambdaOp,
  Literal,
  PathNode,
  ValueType,
} from './ast.js'
export { printAst } from './ast.js'
export type { Catalogue, Field, ScalarType } from './catalogue.js'
export { checkFilter, type CheckContext } from './check.js'
export {
  compileListQuery,
  compileKeyset,
  orderExpression,
  type CompiledListQuery,
  type ListQueryOptions,
  type Scope,
} from './compile-list.js'
export { compileFilter, Params, type ColumnMap, type SqlFragment, type TableLayout } from './compile-sql.js'
export type { Dialect, JsonSource, ParamType } from './dialects/dialect.js'
export { postgres } from './dialects/postgres.js'
export { sqlite } from './dialects/sqlite.js'
export { elementIndexLookup, type ElementIndex } from './element-index.js'
export { filterPaths } from './filter-paths.js'
export { compareByOrder, evaluateFilter, sortKey } from './evaluate.js'
export { tokenize, type Token, type TokenKind } from './lexer.js'
export {
  defaultQueryLimits,
  parseQueryOptions,
  type OptionsContext,
  type QueryLimits,
  type RawQuery,
} from './options.js'
export { parseOrderBy } from './order-by.js'
export { finishPage, pageWindow, type PageRows, type PageWindow } from './page.js'
export { decodeSkipToken, encodeSkipToken, queryFingerprint, type SigningKey } from './paging-token.js'
export { defaultParseLimits, type ParseLimits } from './parse-limits.js'
export { parseFilter } from './parser.js'
export {
  defaultOrder,
  maxPageSize,
  type Cursor,
  type CursorValue,
  type Direction,
  type ListPlan,
  type OrderKey,
} from './plan.js'
export type { QueryProblem, Result } from './problem.js'
export { applySelect, parseSelect, type SelectPaths } from './select.js'
