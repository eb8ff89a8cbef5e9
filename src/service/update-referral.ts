// PATCH (the documented PATCH): a JSON Patch of `replace`/`add` operations, applied all or
// nothing.
import { invalidRequest } from '../domain/errors.js'
import { applyPatch } from '../domain/patch/apply-patch.js'
import { parsePatch } from '../domain/patch/parse-patch.js'
import { commitUpdate, type UpdateResult } from './commit-update.js'
import type { Caller, ServiceDeps } from './deps.js'

export async function updateReferral(
  deps: ServiceDeps,
  caller: Caller,
  input: { id: string; ifMatch: string | undefined; body: unknown },
): Promise<UpdateResult> {
  const { operations, problems } = parsePatch(input.body)
  if (operations.length === 0) throw invalidRequest(problems)
  // the well-formed operations are still applied, so their problems are reported in the same answer
  return commitUpdate(deps, caller, {
    id: input.id,
    ifMatch: input.ifMatch,
    change: (current) => {
      const applied = applyPatch(current, operations)
      return { doc: applied.doc, problems: [...problems, ...applied.problems] }
    },
  })
}
