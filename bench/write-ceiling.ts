// The write ceiling `W` of the README's capacity model: every write of a PostgreSQL database holds
// the change-order lock while PostgreSQL runs the write's statement and flushes its commit
// (src/store/postgres/change-log.ts). One writer on an otherwise idle database measures that time
// from outside: a replace through the store, less a round trip to the same database.
import { randomBytes } from 'node:crypto'
import { formatEtag } from '../src/domain/etag.js'
import { formatServerDateTime } from '../src/domain/referral/date-time.js'
import { PostgresReferralStore } from '../src/store/postgres/store.js'
import { benchTenant } from './dataset.js'
import { label } from './datasets.js'
import type { Row } from './report.js'

const cause = { actor: 'bench@cosell.test', channel: 'api', requestId: null } as const

/** Replaces `writes` of the referrals `ids` names, one after another, and times as many round trips. */
export async function writeCeiling(
  url: string,
  ids: readonly string[],
  size: number,
  writes = 2000,
): Promise<Row> {
  const store = await PostgresReferralStore.open(url, { connections: 1 })
  try {
    const roundTrip = await timed(writes, () => store.ping())
    let replace = 0
    for (const id of ids.slice(0, writes)) {
      const before = (await store.get(benchTenant, id))!
      const now = new Date()
      const next = {
        ...before,
        details: { ...before.details, notes: `write ceiling ${now.getTime()}` },
        eTag: formatEtag(randomBytes(4).toString('hex'), now),
        updatedDateTime: formatServerDateTime(now),
      }
      replace += await timed(1, async () => {
        if ((await store.replace(next, before, cause)) !== 'written')
          throw new Error(`bench: ${id} not written`)
      })
    }
    replace /= Math.min(writes, ids.length)
    const held = replace - roundTrip
    return {
      scenario: "write ceiling W: one writer's replace, less a round trip (PostgreSQL, otherwise idle)",
      rows: label(size),
      connections: 1,
      note: `replace ${replace.toFixed(3)} ms, round trip ${roundTrip.toFixed(3)} ms: the lock is held at most ${held.toFixed(3)} ms a write, W ≈ ${label(1000 / held)} writes/s`,
    }
  } finally {
    await store.close()
  }
}

/** Mean ms of `times` calls of `work`, one after another. */
async function timed(times: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < times; i++) await work()
  return (performance.now() - started) / times
}
