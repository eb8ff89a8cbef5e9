// The referral table: the full document as emitted, plus indexed columns for the fields filters
// and ordering use most. Timestamps always carry seven fractional digits, so text order is time order.
export const sql = `
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  engagement_id TEXT NOT NULL,
  status TEXT NOT NULL,
  substatus TEXT NOT NULL,
  type TEXT NOT NULL,
  direction TEXT NOT NULL,
  qualification TEXT NOT NULL,
  created_date_time TEXT NOT NULL,
  updated_date_time TEXT NOT NULL,
  e_tag TEXT NOT NULL,
  doc TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX referrals_by_created ON referrals (organization_id, created_date_time DESC, id);
CREATE INDEX referrals_by_updated ON referrals (organization_id, updated_date_time DESC, id);
CREATE INDEX referrals_by_status ON referrals (organization_id, status, direction, created_date_time DESC, id);
CREATE INDEX referrals_by_engagement ON referrals (engagement_id, organization_id);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  mpn_id TEXT NOT NULL,
  created_date_time TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
`
