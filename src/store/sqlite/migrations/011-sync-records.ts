// Sync status records (docs/sync-status.md): what a CRM sync engine last reported of a referral on
// one of its connections, keyed organisation first. Sandbox data: a reset empties the table, a
// snapshot saves it with the referrals (its mirror is made when the store opens). `held`,
// `last_error` and `history` are JSON text; `reported_at` is the server's wall time.
export const sql = `
CREATE TABLE sync_records (
  organization_id TEXT NOT NULL,
  referral_id TEXT NOT NULL,
  connection TEXT NOT NULL,
  connector TEXT NOT NULL,
  crm_id TEXT,
  status TEXT NOT NULL,
  last_synced_at TEXT,
  last_error TEXT,
  held TEXT NOT NULL,
  history TEXT NOT NULL,
  reported_at TEXT NOT NULL,
  PRIMARY KEY (organization_id, referral_id, connection)
) WITHOUT ROWID;

UPDATE snapshots SET schema_version = 11 WHERE schema_version = 10;
`
