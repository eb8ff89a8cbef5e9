// The columns of the CRM table the default mapping expects, for the SQL connector's DDL and the
// CSV connector's header. A team whose CRM already replicates elsewhere keeps its own columns and
// edits the mapping instead.

export interface LayoutColumn {
  readonly name: string
  /** The column's type in PostgreSQL and in SQLite. */
  readonly postgres: string
  readonly sqlite: string
}

const text = (name: string): LayoutColumn => ({ name, postgres: 'text', sqlite: 'TEXT' })

/** Every column of the default layout but the id and the two change-tracking columns. */
export const layoutColumns: readonly LayoutColumn[] = [
  { name: 'name', postgres: 'text NOT NULL', sqlite: 'TEXT NOT NULL' },
  text('account_name'),
  text('account_address'),
  text('account_city'),
  text('account_country'),
  text('contact_first_name'),
  text('contact_last_name'),
  text('contact_email'),
  text('contact_phone'),
  { name: 'amount', postgres: 'numeric(18, 2)', sqlite: 'NUMERIC' },
  text('currency'),
  { name: 'close_date', postgres: 'date', sqlite: 'TEXT' },
  text('stage'),
  text('status_reason'),
  text('notes'),
  text('referral_id'),
  {
    name: 'sync_to_partner_center',
    postgres: 'boolean NOT NULL DEFAULT false',
    sqlite: 'BOOLEAN NOT NULL DEFAULT 0',
  },
]
