// Incoming referrals expire (docs/lifecycle.md): their expirationDateTime gets an indexed column,
// filled from the stored documents, and only referrals that can still expire are in its index.
// Snapshots of the sandbox are listed in `snapshots`; their rows live in mirror tables
// (snapshot-tables.ts). The column holds server date-time text (7 fractional digits, UTC), so text
// order is time order.
export const sql = `
ALTER TABLE referrals ADD COLUMN expiration_date_time TEXT;
UPDATE referrals
SET expiration_date_time = substr(json_extract(doc, '$.expirationDateTime'), 1, 19) || '.' ||
  substr(
    CASE WHEN substr(json_extract(doc, '$.expirationDateTime'), 20, 1) = '.'
      THEN rtrim(substr(json_extract(doc, '$.expirationDateTime'), 21), 'Z') ELSE '' END || '000',
    1, 3) || '0000Z'
WHERE json_type(doc, '$.expirationDateTime') = 'text';
CREATE INDEX referrals_due_for_expiry ON referrals (expiration_date_time, id)
  WHERE direction = 'Incoming' AND status = 'New';

CREATE TABLE snapshots (
  name TEXT PRIMARY KEY,
  saved_at TEXT NOT NULL,
  clock TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  counts TEXT NOT NULL
) WITHOUT ROWID;
`
