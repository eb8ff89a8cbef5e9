// The whole schema of the PostgreSQL store. Every table that holds a tenant's data leads its
// primary key with `organization_id`, so on Citus each can be distributed by organisation
// (`create_distributed_table('referrals', 'organization_id')`, and so on) with no code change;
// settings, snapshots and the webhook dispatch position are small and become reference tables.
// Text columns sort by code point (COLLATE "C"), as SQLite's do and as the query compiler's
// ordering assumes; date-time columns are the API's text (seven fractional digits, UTC), so text
// order is time order. A referral is kept twice: `doc` (jsonb) for queries and `body`, the JSON
// text the API emits in schema order, which jsonb would not keep.
const referralColumns = `
  organization_id TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  engagement_id TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  substatus TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  direction TEXT COLLATE "C" NOT NULL,
  qualification TEXT COLLATE "C" NOT NULL,
  created_date_time TEXT COLLATE "C" NOT NULL,
  updated_date_time TEXT COLLATE "C" NOT NULL,
  e_tag TEXT COLLATE "C" NOT NULL,
  expiration_date_time TEXT COLLATE "C",
  doc JSONB NOT NULL,
  body TEXT NOT NULL,
  last_change BIGINT`

const organizationColumns = `
  id TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  mpn_id TEXT NOT NULL,
  created_date_time TEXT COLLATE "C" NOT NULL,
  profile JSONB NOT NULL,
  domains JSONB`

const userColumns = `
  organization_id TEXT COLLATE "C" NOT NULL,
  email TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_date_time TEXT COLLATE "C" NOT NULL`

const changeColumns = `
  organization_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  referral_id TEXT COLLATE "C" NOT NULL,
  engagement_id TEXT COLLATE "C" NOT NULL,
  at TEXT COLLATE "C" NOT NULL,
  e_tag TEXT NOT NULL,
  actor TEXT NOT NULL,
  channel TEXT NOT NULL,
  request_id TEXT,
  fields JSONB NOT NULL,
  prev BIGINT`

/** The sandbox tables and their snapshot mirrors (the same columns behind `snapshot`). */
const sandbox: Readonly<Record<string, string>> = {
  referrals: referralColumns,
  organizations: organizationColumns,
  users: userColumns,
  changes: changeColumns,
}

const mirrors = Object.entries(sandbox)
  .map(
    ([table, columns]) => `CREATE TABLE snapshot_${table} (snapshot TEXT COLLATE "C" NOT NULL, ${columns});
CREATE INDEX snapshot_${table}_by_snapshot ON snapshot_${table} (snapshot);`,
  )
  .join('\n')

export const sql = `
CREATE TABLE referrals (${referralColumns}, PRIMARY KEY (organization_id, id));
CREATE INDEX referrals_by_id ON referrals (id);
CREATE INDEX referrals_by_created ON referrals (organization_id, created_date_time DESC, id);
CREATE INDEX referrals_by_updated ON referrals (organization_id, updated_date_time DESC, id);
CREATE INDEX referrals_by_status ON referrals (organization_id, status, direction, created_date_time DESC, id);
CREATE INDEX referrals_by_engagement ON referrals (engagement_id, organization_id);
CREATE INDEX referrals_due_for_expiry ON referrals (expiration_date_time, id)
  WHERE direction = 'Incoming' AND status = 'New';
CREATE INDEX referrals_by_country ON referrals (
  organization_id, lower((doc->'customerProfile'->'address'->>'country') COLLATE "C"), created_date_time DESC, id);

CREATE TABLE referral_team_emails (
  organization_id TEXT COLLATE "C" NOT NULL,
  email TEXT COLLATE "C" NOT NULL,
  referral_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (organization_id, email, referral_id)
);
CREATE INDEX referral_team_emails_by_referral ON referral_team_emails (organization_id, referral_id);

CREATE TABLE organizations (${organizationColumns}, PRIMARY KEY (id));
CREATE TABLE users (${userColumns}, PRIMARY KEY (organization_id, email));
CREATE INDEX users_by_email ON users (email);

CREATE SEQUENCE change_seq;
CREATE TABLE changes (${changeColumns}, PRIMARY KEY (organization_id, seq));
CREATE INDEX changes_by_seq ON changes (seq);

CREATE TABLE settings (key TEXT COLLATE "C" PRIMARY KEY, value BYTEA NOT NULL);

CREATE TABLE snapshots (
  name TEXT COLLATE "C" PRIMARY KEY,
  saved_at TEXT NOT NULL,
  clock TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  counts TEXT NOT NULL
);
${mirrors}

CREATE TABLE webhook_registrations (
  subscriber_id TEXT COLLATE "C" PRIMARY KEY,
  webhook_url TEXT NOT NULL,
  webhook_events JSONB NOT NULL,
  ms_signature_header BOOLEAN NOT NULL,
  since_seq BIGINT NOT NULL,
  last_modified TEXT NOT NULL
);
CREATE TABLE webhook_deliveries (
  subscriber_id TEXT COLLATE "C" NOT NULL,
  seq BIGSERIAL NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  event_name TEXT NOT NULL,
  referral_id TEXT COLLATE "C",
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status_code INTEGER,
  last_error TEXT,
  next_attempt_ms BIGINT,
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  PRIMARY KEY (subscriber_id, seq)
);
CREATE UNIQUE INDEX webhook_deliveries_by_id ON webhook_deliveries (subscriber_id, id);
CREATE INDEX webhook_deliveries_id ON webhook_deliveries (id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (subscriber_id, referral_id, seq) WHERE status = 'pending';
CREATE TABLE webhook_dispatch (id INTEGER PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL);
`
