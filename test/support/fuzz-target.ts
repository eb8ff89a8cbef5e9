// The app a fuzz run drives: a private in-memory store seeded with referrals of two organisations,
// a digest of the stored referrals to prove a refused request wrote nothing, and `send`, which fills
// in a request's `{id}`, `{foreignId}` and `{etag}` and reports what happened.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { partnerLedCreate, privateCreate } from './fixtures.js'
import type { FuzzRequest } from './fuzz-requests.js'
import { createReferral } from './referral-api.js'
import { makeTestApp, type TestApp } from './test-app.js'
import { tenantB } from './tokens.js'

export type FuzzTarget = {
  readonly t: TestApp
  readonly own: readonly string[]
  readonly foreign: string
  /** Referrals stored now; a run starts a fresh target when creates have piled up. */
  count(): number
  /** Whether the stored referrals differ from when this was last asked. */
  changed(): boolean
}

export type FuzzOutcome = {
  readonly request: FuzzRequest & { readonly url: string }
  readonly status: number
  readonly body: string
  /** Whether the stored referrals differ from before the request. */
  readonly changed: boolean
}

/** On the embedded store always: it watches SQLite's own write counter to notice any write. */
export async function openFuzzTarget(): Promise<FuzzTarget> {
  const t = await makeTestApp({ dataDir: ':memory:' })
  const own = [
    (await createReferral(t.app, privateCreate())).id,
    (await createReferral(t.app, partnerLedCreate())).id,
  ]
  const foreign = (await createReferral(t.app, privateCreate(), tenantB)).id
  const db = (t.store as unknown as { db: Database.Database }).db
  // The referrals only: organisations and users are created on a token's first use and the paging
  // key on the first list, by design, whatever the request then answers.
  const rows = db.prepare('SELECT id, e_tag, doc FROM referrals ORDER BY id')
  const digest = () => createHash('sha1').update(JSON.stringify(rows.all())).digest('hex')
  // total_changes() moves with every row any statement writes: while it stands still, nothing was
  // written and the rows need no hashing.
  const writes = db.prepare('SELECT total_changes() AS n').pluck()
  const count = db.prepare('SELECT count(*) FROM referrals').pluck()
  let mark = { writes: writes.get(), digest: digest() }
  return {
    t,
    own,
    foreign,
    count: () => count.get() as number,
    changed: () => {
      const now = writes.get()
      if (now === mark.writes) return false
      const before = mark.digest
      mark = { writes: now, digest: digest() }
      return mark.digest !== before
    },
  }
}

function eTagOf(target: FuzzTarget, id: string): string {
  const db = (target.t.store as unknown as { db: Database.Database }).db
  const row = db.prepare('SELECT e_tag FROM referrals WHERE id = ?').get(id) as { e_tag: string } | undefined
  return row?.e_tag ?? '"gone"'
}

/** Sends one request, its placeholders filled from the seeded referrals (`pick` chooses which). */
export async function send(target: FuzzTarget, request: FuzzRequest, pick = 0): Promise<FuzzOutcome> {
  const id = target.own[pick % target.own.length] ?? ''
  const fill = (text: string): string =>
    text
      .replaceAll('{id}', id)
      .replaceAll('{ID}', id.toUpperCase())
      .replaceAll('{foreignId}', target.foreign)
      .replaceAll('{etag}', eTagOf(target, id))
  const filled = {
    ...request,
    url: fill(request.url),
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, fill(value)])),
  }
  target.changed() // marks the state before the request
  const response = await target.t.app.inject({
    method: filled.method as 'GET',
    url: filled.url,
    headers: filled.headers,
    ...(filled.body === undefined ? {} : { payload: filled.body }),
  })
  return {
    request: filled,
    status: response.statusCode,
    body: response.body,
    changed: target.changed(),
  }
}

/** A line to reproduce an outcome by hand. */
export function describeOutcome(outcome: FuzzOutcome): string {
  const { request, status, body } = outcome
  return `${status} ${request.method} ${request.url.slice(0, 300)} headers=${JSON.stringify(request.headers).slice(0, 300)} body=${(request.body ?? '').slice(0, 300)} → ${body.slice(0, 300)}`
}

/** Keeps a target small (listing and hashing stay fast): a fresh one once creates pile up. */
export async function freshWhenFull(target: FuzzTarget, most = 40): Promise<FuzzTarget> {
  if (target.count() <= most) return target
  await target.t.close()
  return openFuzzTarget()
}

/** What a fuzz run must never see: a 5xx, or a refused request that changed stored referrals. */
export function fault(outcome: FuzzOutcome): string | undefined {
  if (outcome.status >= 500) return `answered ${outcome.status}`
  if (outcome.status >= 400 && outcome.changed)
    return `answered ${outcome.status} but changed stored referrals`
  return undefined
}
