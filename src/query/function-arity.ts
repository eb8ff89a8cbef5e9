// The OData functions `$filter` accepts, with how many arguments each takes (least, most).
import type { FunctionName } from './ast.js'

export const functionArity: Readonly<Record<FunctionName, readonly [number, number]>> = {
  contains: [2, 2],
  startswith: [2, 2],
  endswith: [2, 2],
  tolower: [1, 1],
  toupper: [1, 1],
  trim: [1, 1],
  length: [1, 1],
  indexof: [2, 2],
  substring: [2, 3],
  concat: [2, 2],
  year: [1, 1],
  month: [1, 1],
  day: [1, 1],
  hour: [1, 1],
  minute: [1, 1],
  second: [1, 1],
  date: [1, 1],
  now: [0, 0],
}
