// Webhooks: one registration per tenant, the outbox of deliveries the dispatcher fills
// from the change feed (migration 9), and its position in that feed. Not sandbox data: reset and
// snapshots leave these tables alone. `next_attempt_ms` is wall time in ms (retries follow real
// time; a jump of the virtual clock moves them earlier, see src/webhooks/sender.ts).
export const sql = `
CREATE TABLE webhook_registrations (
  subscriber_id TEXT PRIMARY KEY,
  webhook_url TEXT NOT NULL,
  webhook_events TEXT NOT NULL,
  ms_signature_header INTEGER NOT NULL,
  since_seq INTEGER NOT NULL,
  last_modified TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  subscriber_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  referral_id TEXT,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status_code INTEGER,
  last_error TEXT,
  next_attempt_ms INTEGER,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (subscriber_id, referral_id, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_subscriber ON webhook_deliveries (subscriber_id, seq);

CREATE TABLE webhook_dispatch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);

UPDATE snapshots SET schema_version = 10 WHERE schema_version = 9;
`
