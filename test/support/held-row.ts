// A referral's row locked by a transaction of the test's own, so that a store's write of it starts
// (takes its shared lock, draws its seq) and then waits: a write in flight, held there until the
// test lets it go. Writes drawn later can commit first, as they do under load.
import pg from 'pg'

export interface HeldRow {
  /** Resolves once a write waits for the row (polled every 10 ms, at most 5 s). */
  waitedFor(): Promise<void>
  /** Ends the transaction, changing nothing: the waiting write goes on. */
  release(): Promise<void>
}

export async function holdRow(url: string, organizationId: string, id: string): Promise<HeldRow> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('BEGIN')
  await client.query('SELECT 1 FROM referrals WHERE organization_id = $1 AND id = $2 FOR UPDATE', [
    organizationId,
    id,
  ])
  return {
    async waitedFor() {
      for (let tries = 0; tries < 500; tries++) {
        const { rows } = await client.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks
           WHERE locktype = 'transactionid' AND NOT granted AND transactionid = pg_current_xact_id()::text::xid`,
        )
        if (rows[0]!.waiting > 0) return
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      throw new Error('no write waited for the held row within 5 s')
    },
    async release() {
      await client.query('COMMIT')
      await client.end()
    },
  }
}
