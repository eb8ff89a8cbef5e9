// PUT (obsolete but still used by Microsoft's own sample flow, the documented PUT). If-Match is
// required. Each writable field the body carries replaces the stored one; fields the
// body leaves out keep their stored values, and server-owned or read-only fields in the body are
// ignored, so a body assembled from an earlier GET round-trips without loss.
import { invalidRequest } from '../domain/errors.js'
import { writablePaths } from '../domain/patch/patch-paths.js'
import { isPlainObject, type JsonObject } from '../domain/referral/normalize.js'
import { readReferralBody } from '../domain/referral/referral-input.js'
import type { Referral } from '../domain/referral/schema.js'
import { commitUpdate, type UpdateResult } from './commit-update.js'
import type { Caller, ServiceDeps } from './deps.js'

export async function replaceReferral(
  deps: ServiceDeps,
  caller: Caller,
  input: { id: string; ifMatch: string | undefined; body: unknown },
): Promise<UpdateResult> {
  if (input.ifMatch === undefined || input.ifMatch.trim() === '') {
    throw invalidRequest([
      {
        target: 'If-Match',
        rule: 'required',
        message: "The If-Match header is required on PUT; send the referral's eTag.",
      },
    ])
  }
  const { given, problems } = readReferralBody(input.body)
  return commitUpdate(deps, caller, {
    id: input.id,
    ifMatch: input.ifMatch,
    change: (current) => ({ doc: overlay(current, given), problems }),
  })
}

function overlay(current: Referral, given: JsonObject): JsonObject {
  const doc = structuredClone(current) as unknown as JsonObject
  for (const path of writablePaths) {
    const segments = path.split('/')
    const value = read(given, segments)
    if (value !== undefined) write(doc, segments, value)
  }
  return doc
}

function read(from: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, s) => (isPlainObject(node) ? node[s] : undefined), from)
}

function write(to: JsonObject, segments: readonly string[], value: unknown): void {
  const parent = read(to, segments.slice(0, -1))
  if (isPlainObject(parent)) parent[segments[segments.length - 1]!] = value
}
