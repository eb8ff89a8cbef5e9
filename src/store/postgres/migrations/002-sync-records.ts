// Sync status records (docs/sync-status.md), keyed organisation first so that on Citus the table
// is distributed by organisation beside the referrals, with its snapshot mirror. JSON columns are
// text, not jsonb: a held value keeps the key order the engine wrote, as in the embedded store.
// Snapshots saved at version 1 hold no sync records and restore as they were.
const syncRecordColumns = `
  organization_id TEXT COLLATE "C" NOT NULL,
  referral_id TEXT COLLATE "C" NOT NULL,
  connection TEXT COLLATE "C" NOT NULL,
  connector TEXT NOT NULL,
  crm_id TEXT,
  status TEXT COLLATE "C" NOT NULL,
  last_synced_at TEXT COLLATE "C",
  last_error TEXT,
  held TEXT NOT NULL,
  history TEXT NOT NULL,
  reported_at TEXT COLLATE "C" NOT NULL`

export const sql = `
CREATE TABLE sync_records (${syncRecordColumns}, PRIMARY KEY (organization_id, referral_id, connection));
CREATE TABLE snapshot_sync_records (snapshot TEXT COLLATE "C" NOT NULL, ${syncRecordColumns});
CREATE INDEX snapshot_sync_records_by_snapshot ON snapshot_sync_records (snapshot);
UPDATE snapshots SET schema_version = 2 WHERE schema_version = 1;
`
