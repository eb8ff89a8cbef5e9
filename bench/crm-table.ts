// The CRM side of the sync bench: a table of the SQL connector's default layout in the run's own
// PostgreSQL database, seeded, changed and read as a CRM's replication would (plain SQL, no cosell code).
import pg from 'pg'

export const crmTableName = 'opportunities'

/** A deal a CRM user flagged for Partner Center: every column a referral needs, stage Qualify (Active/Accepted). */
const seedSql = `
INSERT INTO ${crmTableName} (name, account_name, account_address, account_city, account_country,
  contact_first_name, contact_last_name, contact_email, contact_phone, amount, currency, close_date,
  stage, notes, sync_to_partner_center)
SELECT 'CRM deal ' || i, 'Customer ' || (i % 977) || ' Ltd', (i % 200) || ' Main Street', 'Redmond', 'US',
  'Sue', 'Smith', 'sue' || i || '@customer.example', '+14255550100', 1000 + i, 'USD',
  date '2027-03-15' + (i % 365), 'Qualify', 'Seeded by the bench', true
FROM generate_series(1, $1::int) AS i`

export class CrmTable {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<CrmTable> {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return new CrmTable(client)
  }

  /** Inserts `count` flagged rows in one statement (the connector's trigger numbers each). */
  async seedFlagged(count: number): Promise<void> {
    await this.client.query(seedSql, [count])
  }

  /** Rows the bench seeded that the sync paired with a referral it created: [row id, referral id]. */
  async pairsFromCrm(limit: number): Promise<Array<{ id: string; referralId: string }>> {
    const { rows } = await this.client.query<{ id: string; referralId: string }>(
      `SELECT id, referral_id AS "referralId" FROM ${crmTableName}
        WHERE name LIKE 'CRM deal %' AND referral_id IS NOT NULL ORDER BY id LIMIT $1`,
      [limit],
    )
    return rows
  }

  async notesOf(referralId: string): Promise<string | null | undefined> {
    const { rows } = await this.client.query<{ notes: string | null }>(
      `SELECT notes FROM ${crmTableName} WHERE referral_id = $1`,
      [referralId],
    )
    return rows[0]?.notes
  }

  /** Raises a row's amount by one, as a CRM user's edit; answers the new amount. */
  async raiseAmount(id: string): Promise<number> {
    const { rows } = await this.client.query<{ amount: string }>(
      `UPDATE ${crmTableName} SET amount = amount + 1 WHERE id = $1 RETURNING amount`,
      [id],
    )
    if (!rows[0]) throw new Error(`bench: no CRM row ${id}`)
    return Number(rows[0].amount)
  }

  close(): Promise<void> {
    return this.client.end()
  }
}
